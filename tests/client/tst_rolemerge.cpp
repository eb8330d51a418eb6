// The role editor's merge on its own: after someone else saved a role (412), "re-apply my
// changes" puts what this person granted and took away on top of their version.
#include <QtTest>

#include "widgets/personnel/rolemerge.h"

using namespace opsdesk::widgets;

class RoleMergeTest : public QObject {
    Q_OBJECT

private slots:
    void minus_keepsTheFirstListsOrder() {
        QCOMPARE(rolemerge::minus({"c", "a", "b", "a"}, {"b"}), (QStringList{"c", "a", "a"}));
        QCOMPARE(rolemerge::minus({}, {"a"}), QStringList{});
        QCOMPARE(rolemerge::minus({"a"}, {}), QStringList{"a"});
    }

    void sorted_sorts() {
        QCOMPARE(rolemerge::sorted({"orders.read", "audit.read", "support.reply"}),
                 (QStringList{"audit.read", "orders.read", "support.reply"}));
    }

    void reapplyList_data() {
        QTest::addColumn<QStringList>("base");
        QTest::addColumn<QStringList>("mine");
        QTest::addColumn<QStringList>("theirs");
        QTest::addColumn<QStringList>("merged");
        QTest::newRow("myAddition_onTopOfTheirAddition_keepsBoth")
            << QStringList{"a"} << QStringList{"a", "b"} << QStringList{"a", "c"}
            << QStringList{"a", "b", "c"};
        QTest::newRow("iTookAway_whatTheyKept_isGone")
            << QStringList{"a", "b"} << QStringList{"a"} << QStringList{"a", "b", "c"}
            << QStringList{"a", "c"};
        QTest::newRow("theyTookAway_whatIDidNotTouch_staysGone")
            << QStringList{"a", "b"} << QStringList{"a", "b", "d"} << QStringList{"a"}
            << QStringList{"a", "d"};
        QTest::newRow("bothGranted_theSame_isThereOnce")
            << QStringList{"a"} << QStringList{"a", "b"} << QStringList{"a", "b"}
            << QStringList{"a", "b"};
        QTest::newRow("bothTookAway_theSame_isGone")
            << QStringList{"a", "b"} << QStringList{"a"} << QStringList{"a"} << QStringList{"a"};
        QTest::newRow("iGranted_whatTheyTookAway_isGranted")
            << QStringList{"a"} << QStringList{"a", "b"} << QStringList{} << QStringList{"b"};
        QTest::newRow("noEditsOfMine_isTheirsSorted")
            << QStringList{"b", "a"} << QStringList{"a", "b"} << QStringList{"z", "c", "a"}
            << QStringList{"a", "c", "z"};
        QTest::newRow("everythingTakenAway_onTopOfTheirAddition_leavesTheirs")
            << QStringList{"a", "b"} << QStringList{} << QStringList{"a", "b", "c"}
            << QStringList{"c"};
    }

    void reapplyList() {
        QFETCH(QStringList, base);
        QFETCH(QStringList, mine);
        QFETCH(QStringList, theirs);
        QFETCH(QStringList, merged);
        QCOMPARE(rolemerge::reapplyList(base, mine, theirs), merged);
    }

    void reapplyValue_mineWinsOnlyWhenIChangedIt() {
        QCOMPARE(rolemerge::reapplyValue("Weekend support", "Weekend and night support",
                                         "Changed elsewhere"),
                 QStringLiteral("Weekend and night support"));
        QCOMPARE(rolemerge::reapplyValue("Weekend support", "Weekend support", "Changed elsewhere"),
                 QStringLiteral("Changed elsewhere"));
        QCOMPARE(rolemerge::reapplyValue("x", "", "y"), QString());  // emptied on purpose
    }

    void reapplyMine_permissionsAndDescriptionTogether() {
        const rolemerge::RoleDraft base{{"support.read"}, "Weekend support"};
        const rolemerge::RoleDraft mine{{"support.read", "support.reply"}, "Weekend support"};
        const rolemerge::RoleDraft theirs{{"orders.read", "support.read"}, "Changed elsewhere"};
        const rolemerge::RoleDraft merged = rolemerge::reapplyMine(base, mine, theirs);
        QCOMPARE(merged.permissions, (QStringList{"orders.read", "support.read", "support.reply"}));
        QCOMPARE(merged.description, QStringLiteral("Changed elsewhere"));
    }
};

QTEST_GUILESS_MAIN(RoleMergeTest)
#include "tst_rolemerge.moc"
