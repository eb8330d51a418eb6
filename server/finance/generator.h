#pragma once

// Statement and settlement files made from what the database holds, for the demo and the
// benchmarks (`opsdesk-server finance-generate`): the shop's captured payments and refunds of a
// date range written the way banks and providers write them, with what reconciliation meets in
// real files — fees deducted, payouts that batch a day's payments into one bank line, references
// cut short or mistyped, value dates shifted, a few lines twice and a few that belong to nothing.

#include <cstdint>
#include <pqxx/connection>
#include <string>
#include <vector>

namespace opsdesk::server::finance {

struct GenerateOptions {
    std::string from;  // first day, "YYYY-MM-DD" (UTC)
    std::string to;    // last day
    std::string outDirectory;
    std::uint64_t seed = 1;
    std::string account = "CN6201020200012345678";  // the shop's bank account
};

struct GeneratedFile {
    std::string path;
    std::string format;  // "camt053", "mt940", "ofx", "csv:alipay", ...
    std::size_t lines = 0;
};

// Writes the files and answers what it wrote. Every file of one source (the bank statement in
// camt.053, MT940 and OFX; the wechat payments as WeChat Pay, Stripe and PayPal style) holds the
// same lines: import one of each.
std::vector<GeneratedFile> generateStatementFiles(pqxx::connection& db,
                                                  const GenerateOptions& options);

}  // namespace opsdesk::server::finance
