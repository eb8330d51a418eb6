#pragma once

#include <optional>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

namespace opsdesk::server::db {

// The parameters of a statement written at run time (a list's filters): each value is added as
// the text that uses it is written, and its placeholder ("$3") comes back to be spliced in.
struct SqlParams {
    std::vector<std::optional<std::string>> values;

    std::string add(std::optional<std::string> value) {
        values.push_back(std::move(value));
        return "$" + std::to_string(values.size());
    }
    pqxx::result exec(pqxx::transaction_base& tx, const std::string& sql) const {
        return tx.exec_params(sql, pqxx::prepare::make_dynamic_params(values));
    }
};

}  // namespace opsdesk::server::db
