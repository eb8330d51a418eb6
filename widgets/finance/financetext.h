#pragma once

#include <QColor>
#include <QCoreApplication>
#include <QString>

#include "services-client/api/apierror.h"
#include "services-client/finance/financetypes.h"

namespace opsdesk::widgets {

// The module's one translation context: every string of the finance pages is Finance::tr().
class Finance {
    Q_DECLARE_TR_FUNCTIONS(Finance)
};

// The finance module's words: statuses, rules, the engine's reasons and exception kinds in the
// user's language, and what a refused finance request means.
class FinanceText {
public:
    static QString lineStatus(const QString& wire);
    static QColor lineStatusColor(const QString& wire);
    static QString statementStatus(const QString& wire);
    // "exact_reference", "accepted:amount_date", "manual", "excluded".
    static QString ruleName(const QString& wire);
    // One reason by its code and number; the server's English words for a code this desk does
    // not know (a newer server).
    static QString reason(const client::FinanceReason& reason, const QString& currency);
    static QString reasons(const QList<client::FinanceReason>& reasons, const QString& currency);
    static QString exceptionKind(const QString& wire);
    // What a refused sign-off, match or exclusion means, in words.
    static QString refusal(const client::ApiError& error, const QString& currency);
};

}  // namespace opsdesk::widgets
