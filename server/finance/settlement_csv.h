#pragma once

// Payment providers' settlement files (Alipay, WeChat Pay, Stripe, PayPal and the like) read as
// statements, driven by a CsvMapping: a provider's layout is data (which header names the date,
// the amounts, the reference...), not a parser of its own.
//
// The file is converted from the mapping's encoding (UTF-8 or GBK, with glibc's iconv) to UTF-8
// as it streams in; bytes that are not valid in that encoding are refused with their line, never
// guessed at. A UTF-8 byte order mark is skipped. Records are CSV (RFC 4180 quoting as in
// server/catalog/csv_reader.h: a quoted field may hold the delimiter, line breaks and doubled
// quotes; a quote inside an unquoted field is an ordinary character), read one at a time.
//
// Each data row is one StatementLine: amount = the net column when the mapping names one, else the
// amount column, else credit − debit; fee and gross filled when their columns exist. The whole
// file is one Statement (messageKind "csv:<mapping name>", no balances, from/to the earliest and
// latest booking date).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "finance/statement_file.h"

namespace opsdesk::server::finance {

struct CsvMapping {
    std::string name;      // "alipay", "wechatpay", "stripe", "paypal", or a shop's own
    std::string provider;  // the statement's account: "Alipay" (+ the merchant account id)
    char delimiter = ',';
    std::string encoding = "utf-8";  // "utf-8" or "gbk"
    std::size_t skipLines = 0;       // physical lines before the header (titles, export dates)
    std::string commentPrefix;       // lines starting with it are skipped wherever they are ("#")
    std::string tableEnd;            // a line starting with it ends the rows (a summary block)
    std::string valuePrefix;         // stripped from every value (WeChat Pay's "`")
    // A marker in the lines before the header after which the merchant account id stands
    // ("账号" in Alipay's "#账号：[2088...]"); appended to provider for Statement::account.
    std::string accountMarker;

    // Header names of the file's columns; "" when the file has no such column. bookedAt and one
    // of net, amount or credit/debit are needed.
    struct Columns {
        std::string bookedAt;
        std::string valueDate;
        std::string amount;
        std::string gross;
        std::string fee;
        std::string net;
        std::string credit;  // money in, unsigned (Alipay's 收入金额)
        std::string debit;   // money out, unsigned (Alipay's 支出金额)
        std::string currency;
        std::string reference;
        std::string counterparty;
        std::string remittance;
        std::string bankReference;  // the provider's own id of the entry (Stripe's txn_...)
        std::string kind;           // the row's type: charge, refund, payout...
        std::string direction;      // 收入/支出, in/out
    } columns;

    // How a row's amount gets its sign (credit, money in, positive):
    //  AsWritten   the file writes refunds and payouts negative (Stripe, PayPal);
    //  ByDirection unsigned amounts, the direction column says (WeChat Pay: 收入 / 支出);
    //  ByKind      unsigned amounts, rows whose kind is in negativeKinds are money out;
    //  (credit/debit columns: in and out in their own unsigned columns, as Alipay writes them).
    enum class Sign { AsWritten, ByDirection, ByKind };
    Sign sign = Sign::AsWritten;
    std::vector<std::string> directionIn;   // "收入", "in"
    std::vector<std::string> directionOut;  // "支出", "out"
    std::vector<std::string> negativeKinds;
    bool feeWrittenNegative = false;  // PayPal writes a charged fee as -0.59; Stripe as 0.59

    std::string currency;  // the fixed currency when there is no currency column ("CNY")
    // Dates: "ymd" (2026-11-01, 2026/11/01, with or without a time), "mdy" (PayPal's 11/1/2026),
    // "dmy" (01.11.2026). A time after the date is not kept; the date is as the file writes it.
    std::string dateOrder = "ymd";
    char thousandsSeparator = 0;  // PayPal: ',' (1,234.56); 0: none allowed
};

// The built-in mappings: alipay, wechatpay, stripe, paypal.
const std::vector<CsvMapping>& builtinMappings();

// The built-in mapping whose header a file's first bytes carry (converted from GBK first when
// they are not UTF-8), or nullopt.
std::optional<std::string> recogniseSettlement(std::string_view head);

void readSettlementCsv(Source& source, const CsvMapping& mapping, Sink& sink,
                       const Limits& limits = {});

}  // namespace opsdesk::server::finance
