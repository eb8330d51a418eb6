#pragma once

// Which reader reads an uploaded file, and with which column mapping: the one place the server
// knows every reader (camt, MT940, OFX, settlement CSV).

#include <boost/json/object.hpp>
#include <map>
#include <optional>
#include <string>

#include "finance/statement_file.h"

namespace opsdesk::server::finance {

struct FileReading {
    std::optional<Format> format;  // as asked (?format=); recognised from the content if not
    // A settlement CSV's column mapping: a saved one's definition (?mapping=ID), or the name
    // of a built-in one (?mapping=alipay); neither: recognised from the header.
    std::optional<boost::json::object> mapping;
    std::string builtinMapping;
};

// Reads the whole file into `sink` and answers the format it was read as. Throws ParseError
// where the file cannot be read, and ApiError 422 when its format is not recognised or a CSV has
// no mapping that fits.
Format readStatementFile(Source& source, const FileReading& how, Sink& sink,
                         const Limits& limits = {});

// What is wrong with a mapping's definition, by field ("columns.amount": "..."); empty when it
// can be used.
std::map<std::string, std::string> checkMapping(const boost::json::object& definition);

// The built-in mappings' names ("alipay", "wechatpay", "stripe", "paypal").
std::vector<std::string> builtinMappingNames();

}  // namespace opsdesk::server::finance
