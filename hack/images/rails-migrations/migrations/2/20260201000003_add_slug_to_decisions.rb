# Succeeds and commits (each migration runs in its own transaction): after the next one fails, the database is
# partly migrated, the state the way back must undo.
class AddSlugToDecisions < ActiveRecord::Migration[6.1]
  def up
    add_column :decisions, :slug, :string
    execute "UPDATE decisions SET slug = lower(regexp_replace(title, '[^a-zA-Z0-9]+', '-', 'g'))"
  end

  def down
    remove_column :decisions, :slug
  end
end
