#pragma once

// OFX (Open Financial Exchange) bank and credit card statements, both dialects: 1.x SGML (a
// header of KEY:VALUE lines, then <OFX>... where leaf elements usually have no end tag) and 2.x
// XML (<?xml?> and <?OFX OFXHEADER="200" ...?> processing instructions, then <OFX>...).
//
// Why not libofx (Debian's, what GnuCash uses): it hands amounts over as double, keeps global
// state and calls putenv (neither is safe in a multi-threaded server), and runs OpenSP over a
// temporary file with DTDs looked up on disk. So the format is read here, as bytes.
//
// Why not libxml2 for 2.x (as for camt): banks write "2.x" files that declare XML and then leave
// leaf elements unclosed in the SGML way (tests/finance/samples/ofx/anzcc.ofx, from ANZ), which
// an XML parser must refuse. Both dialects go through one small tokenizer instead: tags, text,
// CDATA, comments and processing instructions; the five XML entities and numeric character
// references are decoded, nothing else is (no DTD, no entity declarations: a DOCTYPE or any
// other markup declaration is refused). A start tag followed by text is a leaf (its end tag is
// optional); one followed by another tag is an aggregate, which its end tag closes (closing an
// outer aggregate closes the unclosed ones inside it).
//
// Text is converted to UTF-8 with iconv from what the file declares, never guessed: 1.x
// ENCODING:USASCII with CHARSET:1252 (windows-1252), ISO-8859-1 / 8859-1, or NONE (ASCII);
// ENCODING:UTF-8; 2.x the <?xml encoding?> (UTF-8 when none). A file with no header at all is
// read only if it is plain ASCII. Bytes the declared character set does not have are refused.
//
// Each STMTRS (bank, in BANKMSGSRSV1) and CCSTMTRS (credit card, in CREDITCARDMSGSRSV1) becomes
// one Statement:
//   currency      CURDEF (when it is empty: the lines' CURRENCY/CURSYM if they all agree)
//   account       BANKACCTFROM/ACCTID or CCACCTFROM/ACCTID
//   from, to      BANKTRANLIST/DTSTART and DTEND (their dates)
//   closing       LEDGERBAL/BALAMT on LEDGERBAL/DTASOF (OFX has no opening balance); an empty
//                 BALAMT is no balance
//   messageKind   "OFX 1.02", "OFX 2.1.1" (from the header's VERSION), "OFX" without a header
// and each STMTTRN in its BANKTRANLIST one StatementLine:
//   amountMinor   TRNAMT (signed already; "." or "," before the decimals), in minor units of
//                 the line's currency: CURRENCY/CURSYM when the line has one (its amounts are in
//                 that currency), else CURDEF. ORIGCURRENCY only says where the amount came from
//                 (the amount is already in CURDEF), so it does not change the currency.
//   bookedAt      DTPOSTED (required); valueDate DTUSER, else DTAVAIL
//   bankReference FITID; reference REFNUM, else CHECKNUM, else FITID
//   counterparty  NAME, else PAYEE/NAME; remittance MEMO; kind TRNTYPE
// OFX dates are YYYYMMDD[HHMMSS[.XXX]][[+-h:TZ]]: the date part is taken as written.
//
// Refused, with the line and the element: a file whose server reported an error instead of the
// statements (SONRS or STMTTRNRS STATUS with a non-zero CODE; the server's MESSAGE is quoted), a
// file with no bank or credit card statement (only INVSTMTRS investment statements, or nothing),
// a transaction without a valid DTPOSTED or TRNAMT, and anything cut short or malformed. Nesting
// is held to Limits::maxDepth, values to maxFieldBytes, and 1.x physical lines to maxLineBytes.

#include "finance/statement_file.h"

namespace opsdesk::server::finance {

void readOfx(Source& source, Sink& sink, const Limits& limits = {});

}  // namespace opsdesk::server::finance
