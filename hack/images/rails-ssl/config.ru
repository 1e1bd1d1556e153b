# Rails' own SSL middleware, configured as Loomio configures it (loomio/loomio config/application.rb):
#   config.force_ssl = ENV['FORCE_SSL'].present?
#   config.ssl_options = { redirect: { exclude: -> request { request.path =~ /(received_emails|email_processor|up|hocuspocus)/ } } }
# in front of an app that answers 200. It is ActionDispatch::SSL from Debian's ruby-actionpack, not Loomio: the tests
# run the operator's probes against the redirect Loomio's app answers plain HTTP with.
require "action_dispatch"
require "active_support/core_ext/object/blank"

if ENV["FORCE_SSL"].present?
  use ActionDispatch::SSL,
      redirect: { exclude: ->(request) { request.path =~ /(received_emails|email_processor|up|hocuspocus)/ } }
end
run ->(_env) { [200, { "Content-Type" => "text/plain" }, ["ok\n"]] }
