#include "finance/generator.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <pqxx/pqxx>
#include <random>
#include <stdexcept>

#include "finance/match_engine.h"
#include "opsdesk/protocol/money.h"

namespace opsdesk::server::finance {

namespace {

struct Pay {
    std::int64_t id = 0;
    std::string kind;  // payment, refund
    std::string provider;
    std::string ref;
    std::int64_t amount = 0;  // signed
    std::string currency;
    int day = 0;
    std::string time;  // HH:MM:SS
    std::string order;
};

// A line of the bank statement.
struct BankLine {
    int day = 0;
    int valueDay = 0;
    std::int64_t amount = 0;
    std::string ref;
    std::string bankRef;
    std::string counterparty;
    std::string remittance;
};

// A row of a provider's settlement.
struct Row {
    int day = 0;
    std::string time;
    std::int64_t gross = 0;  // signed: money in positive
    std::int64_t fee = 0;    // charged, >= 0
    std::string ref;
    std::string bankRef;
    std::string counterparty;
    std::string remittance;
    std::string kind;  // payment, refund, fee, stray
};

// CNY (the only currency the generator writes) as the files write it; MT940's point is a comma.
std::string decimal(std::int64_t minor, char point = '.') {
    auto text = protocol::formatDecimal(minor, protocol::Currency{"CNY", 2});
    std::replace(text.begin(), text.end(), '.', point);
    return text;
}

std::string xmlEscape(std::string_view s) {
    std::string out;
    for (const char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out.push_back(c);
        }
    }
    return out;
}

std::string csvField(std::string_view s) {
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
        return std::string(s);
    }
    std::string out = "\"";
    for (const char c : s) {
        out += c == '"' ? "\"\"" : std::string(1, c);
    }
    return out + "\"";
}

std::string toGbk(const std::string& utf8) {
    iconv_t cd = iconv_open("GBK", "UTF-8");
    if (cd == reinterpret_cast<iconv_t>(-1)) {
        throw std::runtime_error("iconv cannot convert to GBK on this system");
    }
    std::string out(utf8.size() * 2 + 16, '\0');
    char* in = const_cast<char*>(utf8.data());
    std::size_t inLeft = utf8.size();
    char* o = out.data();
    std::size_t outLeft = out.size();
    const auto rc = iconv(cd, &in, &inLeft, &o, &outLeft);
    iconv_close(cd);
    if (rc == static_cast<std::size_t>(-1)) {
        throw std::runtime_error("a text cannot be written in GBK");
    }
    out.resize(out.size() - outLeft);
    return out;
}

void writeFile(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!f) {
        throw std::runtime_error("cannot write " + path.string());
    }
}

std::string compactDate(int day) {  // 20261103
    auto s = isoFromDays(day);
    s.erase(std::remove(s.begin(), s.end(), '-'), s.end());
    return s;
}

class Generator {
public:
    Generator(const GenerateOptions& o, std::vector<Pay> pays)
        : o_(o), pays_(std::move(pays)), rng_(o.seed) {}

    std::vector<GeneratedFile> run() {
        std::filesystem::create_directories(o_.outDirectory);
        std::vector<Pay> alipay, wechat, bank;
        for (const auto& p : pays_) {
            if (p.provider == "alipay") {
                alipay.push_back(p);
            } else if (p.provider == "wechat") {
                wechat.push_back(p);
            } else {
                bank.push_back(p);
            }
        }
        const auto bankLines = bankStatement(bank);
        std::vector<GeneratedFile> out;
        out.push_back(write("bank.camt053.xml", "camt053", camt(bankLines), bankLines.size()));
        out.push_back(write("bank.mt940.sta", "mt940", mt940(bankLines), bankLines.size()));
        out.push_back(write("bank.ofx", "ofx", ofx(bankLines), bankLines.size()));
        const auto aliRows = settlement(alipay, 6);
        out.push_back(write("alipay.csv", "csv:alipay", toGbk(alipayCsv(aliRows)), aliRows.size()));
        const auto wxRows = settlement(wechat, 6);
        out.push_back(
            write("wechatpay.csv", "csv:wechatpay", toGbk(wechatCsv(wxRows)), wxRows.size()));
        // The same WeChat payments written as a Stripe and a PayPal export: the other two
        // settlement styles, for trying the import (import one of the three, not all).
        const auto grossRows = settlement(wechat, 29, true);
        out.push_back(
            write("wechat.stripe-style.csv", "csv:stripe", stripeCsv(grossRows), grossRows.size()));
        out.push_back(
            write("wechat.paypal-style.csv", "csv:paypal", paypalCsv(grossRows), grossRows.size()));
        return out;
    }

private:
    bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
    int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

    // A reference as a person or a bank's system may have damaged it.
    std::string damaged(const std::string& ref) {
        if (ref.size() < 10) {
            return ref;
        }
        if (chance(0.5)) {
            return ref.substr(0, ref.size() - static_cast<std::size_t>(pick(2, 4)));  // cut
        }
        std::string r = ref;
        auto& c = r[static_cast<std::size_t>(pick(3, static_cast<int>(r.size()) - 1))];
        c = c == '7' ? '1' : (std::isdigit(static_cast<unsigned char>(c)) ? '7' : 'x');
        return r;  // mistyped
    }

    GeneratedFile write(const std::string& name, const std::string& format,
                        const std::string& bytes, std::size_t lines) {
        const auto path = std::filesystem::path(o_.outDirectory) / name;
        writeFile(path, bytes);
        return {path.string(), format, lines};
    }

    // The bank: a payout per day of each provider's payments (the next day, sometimes two), a
    // few payments paid one by one with their reference, weekly withdrawals from the wallets.
    std::vector<BankLine> bankStatement(const std::vector<Pay>& pays) {
        std::vector<BankLine> lines;
        std::map<std::pair<std::string, int>, std::int64_t> payouts;
        for (const auto& p : pays) {
            if (p.kind == "payment" && chance(0.05)) {
                BankLine l;
                l.day = p.day + pick(0, 1);
                l.valueDay = l.day + (chance(0.2) ? 1 : 0);
                l.amount = p.amount;
                l.ref = chance(0.03) ? damaged(p.ref) : p.ref;
                l.counterparty = "Customer of order " + p.order;
                l.remittance = "Payment " + p.order + " " + l.ref;
                lines.push_back(l);
                continue;
            }
            payouts[{p.provider, p.day}] += p.amount;
        }
        for (const auto& [key, sum] : payouts) {
            if (sum == 0) {
                continue;
            }
            BankLine l;
            l.day = key.second + 1 + (chance(0.15) ? 1 : 0);
            l.valueDay = l.day;
            l.amount = sum;
            l.ref = "PO" + compactDate(key.second);
            std::string name = key.first;
            std::transform(name.begin(), name.end(), name.begin(), ::toupper);
            l.counterparty = name + " MERCHANT SETTLEMENT";
            l.remittance = key.first + " payout of " + isoFromDays(key.second);
            lines.push_back(l);
        }
        const int first = daysFromIso(o_.from);
        const int last = daysFromIso(o_.to);
        for (int d = first + 6; d <= last; d += 7) {
            for (const char* wallet : {"ALIPAY", "TENPAY"}) {
                BankLine l;
                l.day = l.valueDay = d;
                l.amount = static_cast<std::int64_t>(pick(5'000, 80'000)) * 100;
                l.ref = std::string("WD") + compactDate(d);
                l.counterparty = std::string(wallet) + " WALLET";
                l.remittance = "withdrawal to bank";
                lines.push_back(l);
            }
        }
        // Strays: what the bank books that is no payment of the shop's.
        for (int i = 0; i < std::max<int>(2, static_cast<int>(lines.size() / 200)); ++i) {
            BankLine l;
            l.day = l.valueDay = pick(first, last);
            l.amount = -static_cast<std::int64_t>(pick(100, 5000)) * 100;
            l.ref = "NONREF";
            l.counterparty = i % 2 ? "City Power Supply" : "Office Rent Ltd";
            l.remittance = i % 2 ? "electricity" : "rent";
            lines.push_back(l);
        }
        std::stable_sort(lines.begin(), lines.end(),
                         [](const BankLine& a, const BankLine& b) { return a.day < b.day; });
        for (std::size_t i = 0; i < lines.size(); ++i) {
            lines[i].bankRef = "B" + compactDate(lines[i].day) + std::to_string(100000 + i);
            lines[i].day = std::min(lines[i].day, last);
            lines[i].valueDay = std::max(lines[i].valueDay, lines[i].day);
        }
        return lines;
    }

    // A provider's settlement: each payment and refund with its reference (a few damaged), a
    // fee of `feePerMille`‰ per payment, some rows twice, some that match nothing. `grossStyle`:
    // the fee on the payment's own row (Stripe, PayPal) instead of a row of its own.
    std::vector<Row> settlement(const std::vector<Pay>& pays, int feePerMille,
                                bool grossStyle = false) {
        std::vector<Row> rows;
        std::size_t n = 0;
        for (const auto& p : pays) {
            Row r;
            r.day = p.day;
            r.time = p.time;
            r.gross = p.amount;
            r.ref = chance(0.02) ? damaged(p.ref) : p.ref;
            r.counterparty = "buyer" + std::to_string(p.id % 997) + "@example.com";
            r.remittance = (p.kind == "payment" ? "Order " : "Refund of order ") + p.order;
            r.kind = p.kind;
            const std::int64_t fee =
                p.kind == "payment" ? (p.amount * feePerMille + 999) / 1000 : 0;
            if (grossStyle) {
                r.fee = fee;
            }
            r.bankRef = std::to_string(20260000000000000LL + static_cast<long long>(++n));
            rows.push_back(r);
            if (!grossStyle && fee > 0) {
                Row f = r;
                f.gross = -fee;
                f.kind = "fee";
                f.remittance = "fee " + p.order;
                f.bankRef = std::to_string(20260000000000000LL + static_cast<long long>(++n));
                rows.push_back(f);
            }
            if (chance(0.003)) {
                Row twice = r;
                twice.bankRef = std::to_string(20260000000000000LL + static_cast<long long>(++n));
                rows.push_back(twice);
            }
        }
        const auto strays = std::max<std::size_t>(1, pays.size() / 300);
        const int first = daysFromIso(o_.from);
        const int last = daysFromIso(o_.to);
        for (std::size_t i = 0; i < strays; ++i) {
            Row r;
            r.day = pick(first, last);
            r.time = "12:00:00";
            r.gross = static_cast<std::int64_t>(pick(100, 99999));
            r.ref = "X" + std::to_string(pick(100000000, 999999999));
            r.counterparty = "unknown";
            r.remittance = "unknown transfer";
            r.kind = "stray";
            r.bankRef = std::to_string(20260000000000000LL + static_cast<long long>(++n));
            rows.push_back(r);
        }
        std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
            return std::tie(a.day, a.time) < std::tie(b.day, b.time);
        });
        return rows;
    }

    std::string camt(const std::vector<BankLine>& lines) const {
        std::int64_t opening = 100'000'000;
        std::int64_t closing = opening;
        std::string entries;
        for (const auto& l : lines) {
            closing += l.amount;
            const bool credit = l.amount >= 0;
            entries += "<Ntry><Amt Ccy=\"CNY\">" + decimal(credit ? l.amount : -l.amount) +
                       "</Amt><CdtDbtInd>" + (credit ? "CRDT" : "DBIT") +
                       "</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>" + isoFromDays(l.day) +
                       "</Dt></BookgDt><ValDt><Dt>" + isoFromDays(l.valueDay) +
                       "</Dt></ValDt><AcctSvcrRef>" + l.bankRef +
                       "</AcctSvcrRef><BkTxCd><Prtry><Cd>TRF</Cd></Prtry></BkTxCd><NtryDtls>"
                       "<TxDtls><Refs><AcctSvcrRef>" +
                       l.bankRef + "</AcctSvcrRef><EndToEndId>" + xmlEscape(l.ref) +
                       "</EndToEndId></Refs><RltdPties><" + (credit ? "Dbtr" : "Cdtr") + "><Nm>" +
                       xmlEscape(l.counterparty) + "</Nm></" + (credit ? "Dbtr" : "Cdtr") +
                       "></RltdPties><RmtInf><Ustrd>" + xmlEscape(l.remittance) +
                       "</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n";
        }
        const auto balance = [](const char* type, std::int64_t v, const std::string& d) {
            return std::string("<Bal><Tp><CdOrPrtry><Cd>") + type +
                   "</Cd></CdOrPrtry></Tp><Amt Ccy=\"CNY\">" + decimal(v < 0 ? -v : v) +
                   "</Amt><CdtDbtInd>" + (v < 0 ? "DBIT" : "CRDT") + "</CdtDbtInd><Dt><Dt>" + d +
                   "</Dt></Dt></Bal>\n";
        };
        const std::string id = "STMT" + compactDate(daysFromIso(o_.from));
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document "
               "xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt>"
               "<GrpHdr><MsgId>" +
               id + "</MsgId><CreDtTm>" + o_.to + "T23:59:00</CreDtTm></GrpHdr><Stmt><Id>" + id +
               "</Id><CreDtTm>" + o_.to + "T23:59:00</CreDtTm><FrToDt><FrDtTm>" + o_.from +
               "T00:00:00</FrDtTm><ToDtTm>" + o_.to +
               "T23:59:59</ToDtTm></FrToDt><Acct><Id><Othr><Id>" + o_.account +
               "</Id></Othr></Id><Ccy>CNY</Ccy></Acct>\n" + balance("OPBD", opening, o_.from) +
               balance("CLBD", closing, o_.to) + entries + "</Stmt></BkToCstmrStmt></Document>\n";
    }

    std::string mt940(const std::vector<BankLine>& lines) const {
        const auto yymmdd = [](int day) { return compactDate(day).substr(2); };
        std::int64_t opening = 100'000'000;
        std::int64_t closing = opening;
        std::string out = ":20:STMT" + compactDate(daysFromIso(o_.from)) + "\r\n:25:" + o_.account +
                          "\r\n:28C:1/1\r\n:60F:C" + yymmdd(daysFromIso(o_.from)) + "CNY" +
                          decimal(opening, ',') + "\r\n";
        for (const auto& l : lines) {
            closing += l.amount;
            const std::string ref = l.ref.size() <= 16 && !l.ref.empty() ? l.ref : "NONREF";
            out += ":61:" + yymmdd(l.valueDay) + compactDate(l.day).substr(4) +
                   (l.amount < 0 ? "D" : "C") + decimal(l.amount < 0 ? -l.amount : l.amount, ',') +
                   "NTRF" + ref + "//" + l.bankRef + "\r\n";
            std::string text = l.counterparty + " " + l.remittance + " " + l.ref;
            out += ":86:";
            for (std::size_t i = 0; i < text.size(); i += 65) {
                out += (i ? "\r\n" : "") + text.substr(i, 65);
            }
            out += "\r\n";
        }
        out += ":62F:" + std::string(closing < 0 ? "D" : "C") + yymmdd(daysFromIso(o_.to)) + "CNY" +
               decimal(closing < 0 ? -closing : closing, ',') + "\r\n-";
        return out;
    }

    std::string ofx(const std::vector<BankLine>& lines) const {
        std::int64_t closing = 100'000'000;
        std::string trns;
        for (const auto& l : lines) {
            closing += l.amount;
            trns += "<STMTTRN>\n<TRNTYPE>" + std::string(l.amount < 0 ? "DEBIT" : "CREDIT") +
                    "\n<DTPOSTED>" + compactDate(l.day) + "\n<DTUSER>" + compactDate(l.valueDay) +
                    "\n<TRNAMT>" + decimal(l.amount) + "\n<FITID>" + l.bankRef + "\n<REFNUM>" +
                    xmlEscape(l.ref) + "\n<NAME>" + xmlEscape(l.counterparty.substr(0, 32)) +
                    "\n<MEMO>" + xmlEscape(l.remittance) + "\n</STMTTRN>\n";
        }
        return "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\n"
               "CHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n<OFX>\n"
               "<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>" +
               compactDate(daysFromIso(o_.to)) +
               "<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>\n<BANKMSGSRSV1><STMTTRNRS><TRNUID>1"
               "<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>CNY<BANKACCTFROM><BANKID>"
               "102100099996<ACCTID>" +
               o_.account + "<ACCTTYPE>CHECKING</BANKACCTFROM>\n<BANKTRANLIST><DTSTART>" +
               compactDate(daysFromIso(o_.from)) + "<DTEND>" + compactDate(daysFromIso(o_.to)) +
               "\n" + trns + "</BANKTRANLIST><LEDGERBAL><BALAMT>" + decimal(closing) + "<DTASOF>" +
               compactDate(daysFromIso(o_.to)) +
               "</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1>\n</OFX>\n";
    }

    std::string alipayCsv(const std::vector<Row>& rows) const {
        std::string out =
            "#支付宝账务明细查询\n#账号：[20881234567890120156]\n#起始日期：[" + o_.from +
            " 00:00:00]   终止日期：[" + o_.to +
            " 23:59:59]\n#-----------------------------------------账务明细列表"
            "----------------------------------------\n"
            "账务流水号,业务流水号,商户订单号,商品名称,发生时间,对方账号,"
            "收入金额（+元）,支出金额（-元）,账户余额（元）,交易渠道,业务类型,备注,\n";
        std::int64_t balance = 1'000'000;
        for (const auto& r : rows) {
            balance += r.gross;
            const char* kind = r.kind == "payment"  ? "在线支付"
                               : r.kind == "refund" ? "交易退款"
                               : r.kind == "fee"    ? "收费"
                                                    : "转账";
            out += r.bankRef + "\t," + r.bankRef + "1\t," + r.ref + "\t," + csvField(r.remittance) +
                   "\t," + isoFromDays(r.day) + " " + r.time + "\t," + r.counterparty + "\t," +
                   (r.gross >= 0 ? "+" + decimal(r.gross) : "") + "\t," +
                   (r.gross < 0 ? decimal(-r.gross) : "") + "\t," + decimal(balance) +
                   "\t,支付宝\t," + kind + "\t,\t,\n";
        }
        out +=
            "#-----------------------------------------账务明细列表结束"
            "------------------------------------\n#导出时间：[" +
            o_.to + " 23:59:59]\n";
        return out;
    }

    std::string wechatCsv(const std::vector<Row>& rows) const {
        std::string out =
            "记账时间,微信支付业务单号,资金流水单号,业务名称,业务类型,收支类型,收支金额(元),"
            "账户结余(元),资金变更提交申请人,备注,业务凭证号\n";
        std::int64_t balance = 1'000'000;
        std::int64_t in = 0;
        std::int64_t outSum = 0;
        for (const auto& r : rows) {
            balance += r.gross;
            (r.gross >= 0 ? in : outSum) += r.gross >= 0 ? r.gross : -r.gross;
            const char* kind = r.kind == "payment"  ? "交易"
                               : r.kind == "refund" ? "退款"
                               : r.kind == "fee"    ? "扣除交易手续费"
                                                    : "转账";
            out += "`" + isoFromDays(r.day) + " " + r.time + ",`" + r.ref + ",`" + r.bankRef +
                   ",`" + kind + ",`" + kind + ",`" + (r.gross >= 0 ? "收入" : "支出") + ",`" +
                   decimal(r.gross >= 0 ? r.gross : -r.gross) + ",`" + decimal(balance) +
                   ",`系统,`" + csvField(r.remittance) + ",`" + r.ref + "\n";
        }
        out += "资金流水总笔数,收入笔数,收入金额,支出笔数,支出金额\n`" +
               std::to_string(rows.size()) + ",`0,`" + decimal(in) + ",`0,`" + decimal(outSum) +
               "\n";
        return out;
    }

    std::string stripeCsv(const std::vector<Row>& rows) const {
        std::string out =
            "\xEF\xBB\xBFid,Type,Source,Amount,Fee,Net,Currency,Created (UTC),Available On "
            "(UTC),Description\n";
        for (const auto& r : rows) {
            const char* type = r.gross >= 0 ? "charge" : "refund";
            out += "txn_" + r.bankRef + "," + type + "," + r.ref + "," + decimal(r.gross) + "," +
                   decimal(r.fee) + "," + decimal(r.gross - r.fee) + ",cny," + isoFromDays(r.day) +
                   " " + r.time.substr(0, 5) + "," + isoFromDays(r.day + 2) + " 00:00," +
                   csvField(r.remittance) + "\n";
        }
        return out;
    }

    std::string paypalCsv(const std::vector<Row>& rows) const {
        const auto us = [](int day) {
            const auto iso = isoFromDays(day);
            return std::to_string(std::stoi(iso.substr(5, 2))) + "/" +
                   std::to_string(std::stoi(iso.substr(8, 2))) + "/" + iso.substr(0, 4);
        };
        const auto q = [](const std::string& s) { return "\"" + s + "\""; };
        std::string out =
            "\xEF\xBB\xBF\"Date\",\"Time\",\"TimeZone\",\"Name\",\"Type\",\"Status\",\"Currency\","
            "\"Gross\",\"Fee\",\"Net\",\"Transaction ID\",\"Subject\"\n";
        for (const auto& r : rows) {
            out += q(us(r.day)) + "," + q(r.time) + ",\"UTC\"," + q(r.counterparty) + "," +
                   q(r.gross >= 0 ? "Website Payment" : "Payment Refund") +
                   ",\"Completed\","
                   "\"CNY\"," +
                   q(decimal(r.gross)) + "," + q(decimal(-r.fee)) + "," +
                   q(decimal(r.gross - r.fee)) + "," + q(r.ref) + "," + q(r.remittance) + "\n";
        }
        return out;
    }

    GenerateOptions o_;
    std::vector<Pay> pays_;
    std::mt19937_64 rng_;
};

}  // namespace

std::vector<GeneratedFile> generateStatementFiles(pqxx::connection& db,
                                                  const GenerateOptions& options) {
    if (daysFromIso(options.from) == 0 || isoFromDays(daysFromIso(options.from)) != options.from ||
        daysFromIso(options.to) == 0 || isoFromDays(daysFromIso(options.to)) != options.to ||
        options.to < options.from) {
        throw std::invalid_argument("--from and --to are dates, YYYY-MM-DD, from before to");
    }
    std::vector<Pay> pays;
    {
        pqxx::read_transaction tx(db);
        const auto rows = tx.exec_params(
            "SELECT p.id, p.kind, p.provider, p.provider_ref, p.amount_minor, p.currency, "
            "(p.captured_at AT TIME ZONE 'UTC')::date - DATE '1970-01-01', "
            "to_char(p.captured_at AT TIME ZONE 'UTC', 'HH24:MI:SS'), o.number "
            "FROM finance_payments p JOIN orders o ON o.id = p.order_id "
            "WHERE p.captured_at >= $1::date AND p.captured_at < $2::date + 1 "
            "AND p.currency = 'CNY' ORDER BY p.captured_at, p.id",
            options.from, options.to);
        pays.reserve(rows.size());
        for (const auto& r : rows) {
            pays.push_back({r[0].as<std::int64_t>(), r[1].as<std::string>(), r[2].as<std::string>(),
                            r[3].as<std::string>(), r[4].as<std::int64_t>(), r[5].as<std::string>(),
                            r[6].as<int>(), r[7].as<std::string>(), r[8].as<std::string>()});
        }
    }
    return Generator(options, std::move(pays)).run();
}

}  // namespace opsdesk::server::finance
