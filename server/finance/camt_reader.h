#pragma once

// ISO 20022 bank-to-customer cash management messages: camt.053 statements (BkToCstmrStmt/Stmt),
// camt.052 account reports (BkToCstmrAcctRpt/Rpt) and camt.054 debit/credit notifications
// (BkToCstmrDbtCdtNtfctn/Ntfctn), message versions 001.01 to 001.08 (the document's namespace
// urn:iso:std:iso:20022:tech:xsd:camt.05x.001.0N says which). Any other document is refused.
//
// Read with libxml2's streaming reader straight from the Source (no DOM of the document: memory
// stays bounded whatever the number of entries), with no network, no DTD and no entity
// substitution; a document with a DOCTYPE is refused outright (an internal subset could declare
// entities). Nesting is held to Limits::maxDepth and every text value to Limits::maxFieldBytes.
//
// Each Stmt / Rpt / Ntfctn becomes one Statement:
//   account       Acct/Id/IBAN, else Acct/Id/Othr/Id ("" when neither: camt.052.001.01's
//                 PrtryAcct is not read as an account number)
//   currency      Acct/Ccy, else the Ccy of the first balance or entry
//   statementRef  Id
//   from, to      FrToDt/FrDtTm and ToDtTm (their dates), else CreDtTm's date for both
//   opening       the OPBD balance, else PRCD (previously closed booked); closing the CLBD one;
//                 CdtDbtInd DBIT makes a balance negative; other balance types are not read
//                 (their amounts are still checked). Balance::currency is the balance's Ccy.
// Each booked Ntry becomes one StatementLine (entries whose status is not BOOK, such as PDNG or
// INFO in intraday camt.052 reports, are skipped):
//   amountMinor   Amt in minor units of its Ccy, negative for CdtDbtInd DBIT; more decimals than
//                 the currency has are refused unless they are zeros
//   bookedAt      BookgDt/Dt or the date of BookgDt/DtTm; an entry without a booking date takes
//                 its value date, else the date of the report that carries it (to, else CreDtTm)
//   valueDate     ValDt likewise
//   bankReference AcctSvcrRef
//   kind          BkTxCd/Domn as "Domain/Family/SubFamily", else BkTxCd/Prtry/Cd
//   reference     the first TxDtls' Refs/EndToEndId (unless NOTPROVIDED), else its Refs/TxId,
//                 else AcctSvcrRef
//   counterparty  of the first TxDtls: for a credit the debtor (RltdPties/Dbtr/Nm, or Dbtr/Pty/Nm
//                 in 001.08), else the ultimate debtor's name, else the debtor's account; for a
//                 debit the creditor likewise
//   remittance    every TxDtls' RmtInf/Ustrd and RmtInf/Strd/CdtrRefInf/Ref, joined with spaces;
//                 AddtlNtryInf when there is no Ustrd
// A message with no statement (report, notification) at all is refused.

#include "finance/statement_file.h"

namespace opsdesk::server::finance {

void readCamt(Source& source, Sink& sink, const Limits& limits = {});

}  // namespace opsdesk::server::finance
