#pragma once

// SWIFT MT940 (customer statement) and MT942 (interim transaction report) reader.
//
// What it reads: one or many statements in a file, each from its :20: to the next :20:, a "-"
// or "-}" trailer, a new {1:}{2:}{4: envelope or the end of the file; lines ending CRLF, LF or
// nothing; blank lines anywhere. Tags :20: :21: :25: :28:/:28C: :60F:/:60M: :61: :86:
// :62F:/:62M: :64: :65: and, for MT942, :34F: :13D: :90D: :90C:; other tags are skipped. A tag's
// value may continue over the following lines that do not start a tag (":NN:" or ":NNa:").
//
// Each :61: becomes one StatementLine with the :86: that follows it (German GVC "?20".."?63"
// subfields and SEPA keys EREF+ SVWZ+ ... understood; free text kept); each statement becomes one
// Statement (messageKind "MT940" or "MT942") handed to the sink after its lines.
//
// What it refuses (ParseError with the line and the tag): a :61: or balance whose date, mark,
// currency or amount cannot be read; a file whose first tag is not :20: or that holds no
// statement; an MT940 statement without an opening balance; a statement line before the
// statement's currency is known; :62: before :60:; a second :60: or :62: or :25: in one
// statement; lines longer than Limits::maxLineBytes, a tag longer than Limits::maxFieldBytes.
// Whether the balances add up is not judged here (the importer does).

#include "finance/statement_file.h"

namespace opsdesk::server::finance {

void readMt940(Source& source, Sink& sink, const Limits& limits = {});

}  // namespace opsdesk::server::finance
