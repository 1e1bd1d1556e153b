# A Rails application with Active Record and nothing else: the migration Job's contract with a Rails image is
# "bundle exec rake db:prepare" with DATABASE_URL, and the migration gate's is "rake db:abort_if_pending_migrations".
require "rails"
require "active_record/railtie"

module RailsMigrations
  class Application < Rails::Application
    config.load_defaults 6.1
    config.eager_load = false
    # The image's file system is not where a schema belongs; the database is the record.
    config.active_record.dump_schema_after_migration = false
    config.logger = Logger.new($stdout)
    config.log_level = :info
  end
end
