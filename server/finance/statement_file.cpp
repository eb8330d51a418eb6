#include "finance/statement_file.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "opsdesk/protocol/money.h"

namespace opsdesk::server::finance {

std::size_t MemorySource::read(char* into, std::size_t size) {
    const std::size_t n = std::min(size, bytes_.size());
    std::memcpy(into, bytes_.data(), n);
    bytes_.remove_prefix(n);
    return n;
}

std::string_view formatName(Format f) {
    switch (f) {
        case Format::Camt:
            return "camt053";
        case Format::Mt940:
            return "mt940";
        case Format::Ofx:
            return "ofx";
        case Format::Csv:
            return "csv";
    }
    return "csv";
}

std::optional<Format> parseFormatName(std::string_view name) {
    if (name == "camt053" || name == "camt" || name == "camt052" || name == "camt054") {
        return Format::Camt;
    }
    if (name == "mt940" || name == "mt942") {
        return Format::Mt940;
    }
    if (name == "ofx") {
        return Format::Ofx;
    }
    if (name == "csv") {
        return Format::Csv;
    }
    return std::nullopt;
}

LineReader::LineReader(Source& source, std::size_t maxLineBytes)
    : source_(source), maxLineBytes_(maxLineBytes) {}

bool LineReader::fill() {
    if (eof_) {
        return false;
    }
    if (pos_ > 0) {
        buffer_.erase(0, pos_);
        pos_ = 0;
    }
    const std::size_t chunk = 64 * 1024;
    const std::size_t old = buffer_.size();
    buffer_.resize(old + chunk);
    const std::size_t got = source_.read(buffer_.data() + old, chunk);
    buffer_.resize(old + got);
    if (got == 0) {
        eof_ = true;
    }
    return got > 0;
}

bool LineReader::next(std::string& line) {
    line.clear();
    for (;;) {
        if (pendingCr_) {
            if (pos_ >= buffer_.size() && !fill()) {
                pendingCr_ = false;
                return false;
            }
            if (buffer_[pos_] == '\n') {
                ++pos_;
            }
            pendingCr_ = false;
        }
        std::size_t scan = pos_;
        while (scan < buffer_.size() && buffer_[scan] != '\n' && buffer_[scan] != '\r') {
            ++scan;
        }
        if (scan < buffer_.size()) {
            if (line.size() + (scan - pos_) > maxLineBytes_) {
                throw ParseError(lineNumber_ + 1, "line",
                                 "line " + std::to_string(lineNumber_ + 1) + " is longer than " +
                                     std::to_string(maxLineBytes_) + " bytes");
            }
            line.append(buffer_, pos_, scan - pos_);
            const char end = buffer_[scan];
            pos_ = scan + 1;
            if (end == '\r') {
                pendingCr_ = true;
            }
            ++lineNumber_;
            return true;
        }
        // No line end in the buffer yet: keep what there is and read more.
        line.append(buffer_, pos_, scan - pos_);
        pos_ = buffer_.size();
        if (line.size() > maxLineBytes_) {
            throw ParseError(lineNumber_ + 1, "line",
                             "line " + std::to_string(lineNumber_ + 1) + " is longer than " +
                                 std::to_string(maxLineBytes_) + " bytes");
        }
        if (!fill()) {
            if (line.empty()) {
                return false;
            }
            ++lineNumber_;
            return true;
        }
    }
}

std::optional<std::int64_t> parseAmountMinor(std::string_view text, int decimals) {
    if (text.empty()) {
        return std::nullopt;
    }
    bool negative = false;
    if (text.front() == '-' || text.front() == '+') {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    const auto point = text.find_first_of(".,");
    const std::string_view whole = text.substr(0, point);
    std::string_view fraction =
        point == std::string_view::npos ? std::string_view{} : text.substr(point + 1);
    if (whole.empty() && fraction.empty()) {
        return std::nullopt;
    }
    if (point != std::string_view::npos && fraction.find_first_of(".,") != std::string_view::npos) {
        return std::nullopt;
    }
    const auto digits = [](std::string_view s) {
        return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (!digits(whole) || !digits(fraction)) {
        return std::nullopt;
    }
    // Digits beyond the currency's must be zeros (18.150 EUR is 1815 cents; 18.155 is refused).
    while (fraction.size() > static_cast<std::size_t>(decimals)) {
        if (fraction.back() != '0') {
            return std::nullopt;
        }
        fraction.remove_suffix(1);
    }
    std::string all(whole);
    all.append(fraction);
    all.append(static_cast<std::size_t>(decimals) - fraction.size(), '0');
    const auto first = all.find_first_not_of('0');
    if (first == std::string::npos) {
        return 0;
    }
    if (all.size() - first > 18) {
        return std::nullopt;
    }
    std::int64_t value = 0;
    for (std::size_t i = first; i < all.size(); ++i) {
        value = value * 10 + (all[i] - '0');
    }
    return negative ? -value : value;
}

int currencyDecimals(std::string_view currency) {
    if (const auto known = protocol::findCurrency(currency)) {
        return known->exponent;
    }
    // ISO 4217 codes the shop does not sell in but banks may state: the zero- and three-digit ones.
    static constexpr std::string_view zero[] = {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY",
                                                "KMF", "KRW", "PYG", "RWF", "UGX", "VND",
                                                "VUV", "XAF", "XOF", "XPF"};
    static constexpr std::string_view three[] = {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"};
    if (std::find(std::begin(zero), std::end(zero), currency) != std::end(zero)) {
        return 0;
    }
    if (std::find(std::begin(three), std::end(three), currency) != std::end(three)) {
        return 3;
    }
    return 2;
}

}  // namespace opsdesk::server::finance
