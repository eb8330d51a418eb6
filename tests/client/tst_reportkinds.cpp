#include <QtTest>

#include "opsdesk/protocol/roles.h"
#include "reports/reportkinds.h"

using namespace opsdesk;

class ReportKindsTest : public QObject {
    Q_OBJECT

private slots:
    void ids_roundTrip() {
        for (const auto& k : reports::reportKinds()) {
            QCOMPARE(reports::reportKindFromId(k.id), std::optional(k.kind));
            QCOMPARE(&reports::info(k.kind), &k);
            QVERIFY(!reports::title(k.kind).isEmpty());
        }
        QCOMPARE(reports::reportKindFromId("weather"), std::nullopt);
    }

    void builtinRoles_seeOnlyTheirDomainsReports() {
        auto visible = [](std::string_view role) {
            const auto* r = protocol::findBuiltinRole(role);
            const std::set<protocol::Permission> perms(r->permissions.begin(),
                                                       r->permissions.end());
            QStringList ids;
            for (const auto& k : reports::reportKinds()) {
                if (reports::canView(k.kind, perms)) {
                    ids << QString::fromLatin1(k.id.data(), qsizetype(k.id.size()));
                }
            }
            return ids;
        };
        QCOMPARE(visible("support_agent"), QStringList{});  // no reports.read
        QCOMPARE(visible("support_lead"), (QStringList{"sales", "products", "support"}));
        QCOMPARE(visible("finance_manager"), (QStringList{"sales", "finance"}));
        QCOMPARE(visible("merchandiser"), (QStringList{"products"}));
        QCOMPARE(visible("analyst"), (QStringList{"sales", "products", "support", "finance"}));
        QCOMPARE(visible("admin"), (QStringList{"sales", "products", "support", "finance"}));
    }
};

QTEST_GUILESS_MAIN(ReportKindsTest)
#include "tst_reportkinds.moc"
