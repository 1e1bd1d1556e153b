# Fails on data it did not expect: two decisions with the same title make the unique index impossible
# (PG::UniqueViolation), as a real release's migration can fail on a database its authors never saw.
class IndexDecisionsBySlug < ActiveRecord::Migration[6.1]
  def change
    add_index :decisions, :slug, unique: true
  end
end
