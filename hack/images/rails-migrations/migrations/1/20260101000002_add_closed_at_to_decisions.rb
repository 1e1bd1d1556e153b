class AddClosedAtToDecisions < ActiveRecord::Migration[6.1]
  def change
    add_column :decisions, :closed_at, :datetime
  end
end
