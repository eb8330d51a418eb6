// Saved column mappings of provider settlement CSVs, and the built-in ones.

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <pqxx/pqxx>

#include "audit/audit.h"
#include "core/api_error.h"
#include "finance/finance.h"
#include "finance/read_file.h"

namespace opsdesk::server::finance {

http::Response listMappings(api::Call& call) {
    pqxx::read_transaction tx(call.db);
    const auto saved = tx.exec1(
                             "SELECT coalesce(json_agg(jsonb_build_object('id', id, 'name', name, "
                             "'builtin', false, "
                             "'version', version) || definition ORDER BY lower(name)), '[]')::text "
                             "FROM finance_mappings")[0]
                           .as<std::string>();
    boost::json::array builtins;
    for (const auto& name : builtinMappingNames()) {
        builtins.push_back(boost::json::object{{"id", name}, {"name", name}, {"builtin", true}});
    }
    return http::Response::json(
        200, R"({"items":)" + saved + R"(,"builtin":)" + boost::json::serialize(builtins) + "}");
}

http::Response createMapping(api::Call& call) {
    auto body = call.jsonBody();
    const auto name = api::optionalString(body, "name").value_or("");
    auto errors = checkMapping(body);
    if (name.empty() || name.size() > 100) {
        errors["name"] = "A name of 1 to 100 characters";
    }
    if (!errors.empty()) {
        throw validationFailed(std::move(errors));
    }
    body.erase("name");
    body.erase("id");
    body.erase("builtin");
    body.erase("version");
    const auto definition = boost::json::serialize(body);
    if (definition.size() > 16 * 1024) {
        throw validationFailed({{"columns", "The mapping is too large"}});
    }
    pqxx::work tx(call.db);
    const auto taken =
        tx.exec_params("SELECT id FROM finance_mappings WHERE lower(name) = lower($1)", name);
    if (!taken.empty()) {
        throw ApiError(protocol::ErrorCode::Conflict, "A mapping of that name exists already",
                       {{"name", "Taken"}},
                       boost::json::object{{"mapping_id", taken[0][0].as<std::int64_t>()}});
    }
    const auto row = tx.exec_params1(
        "INSERT INTO finance_mappings (name, definition, created_by) VALUES ($1, $2::jsonb, $3) "
        "RETURNING id, (jsonb_build_object('id', id, 'name', name, 'builtin', false, 'version', "
        "version) || definition)::text",
        name, definition, call.user().userId);
    audit::record(tx, call,
                  {"finance.mapping_create", "finance_mapping", row[0].as<std::string>(), nullptr,
                   boost::json::parse(row[1].c_str())});
    tx.commit();
    return http::Response::json(201, row[1].as<std::string>());
}

}  // namespace opsdesk::server::finance
