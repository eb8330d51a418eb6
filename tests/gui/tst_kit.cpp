// The module kit's shared widgets on their own: the theme's colours under a light and a dark
// palette, style sheets that follow a palette change, the message line's tones, and the search
// box every list uses.
#include <QApplication>
#include <QLabel>
#include <QtTest>

#include "guitesthelpers.h"
#include "services-client/api/apierror.h"
#include "widgets/common/messageline.h"
#include "widgets/common/searchbox.h"
#include "widgets/common/theme.h"

using namespace opsdesk;
using test::darkPalette;
using widgets::MessageLine;
using widgets::SearchBox;
using widgets::Theme;

namespace {

// WCAG 2 contrast ratio of two colours.
double contrast(const QColor& a, const QColor& b) {
    auto luminance = [](const QColor& c) {
        auto channel = [](double v) {
            return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
        };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) +
               0.0722 * channel(c.blueF());
    };
    const double la = luminance(a) + 0.05;
    const double lb = luminance(b) + 0.05;
    return la > lb ? la / lb : lb / la;
}

}  // namespace

class KitTest : public QObject {
    Q_OBJECT

private:
    QPalette light_;

private slots:
    void initTestCase() { light_ = QApplication::palette(); }
    void cleanup() { QApplication::setPalette(light_); }

    void theme_darkPalette_choosesTheDarkVariants() {
        QVERIFY(!Theme::isDark());
        QCOMPARE(Theme::color(Theme::Role::Error), Theme::color(Theme::Role::Error, false));
        QApplication::setPalette(darkPalette());
        QVERIFY(Theme::isDark());
        for (auto role : {Theme::Role::Error, Theme::Role::Muted, Theme::Role::LiveHighlight,
                          Theme::Role::Surface, Theme::Role::AccentBlue}) {
            QCOMPARE(Theme::color(role), Theme::color(role, true));
            QVERIFY(Theme::color(role, true) != Theme::color(role, false));
        }
    }

    void theme_textIsReadableOnItsBackground_inBothVariants() {
        using R = Theme::Role;
        const std::vector<std::pair<R, R>> pairs{
            {R::Error, R::ErrorBackground},
            {R::Success, R::SuccessBackground},
            {R::Info, R::InfoBackground},
            {R::Warning, R::WarningBackground},
            {R::Note, R::NoteBackground},
            {R::Muted, R::Surface},
            {R::Secondary, R::Surface},
            {R::Error, R::Surface},
            {R::DangerText, R::Surface},
            {R::LiveHighlightText, R::LiveHighlight},
            {R::NavigationText, R::SidePanel},
            {R::NavigationSelectedText, R::NavigationSelected},
            {R::OnBrand, R::Brand},
            {R::Strong, R::SidePanel},
        };
        for (bool dark : {false, true}) {
            for (const auto& [text, background] : pairs) {
                const double ratio =
                    contrast(Theme::color(text, dark), Theme::color(background, dark));
                QVERIFY2(ratio >= 4.5, qPrintable(QStringLiteral("%1 on %2 (%3): %4")
                                                      .arg(int(text))
                                                      .arg(int(background))
                                                      .arg(dark ? "dark" : "light")
                                                      .arg(ratio)));
            }
        }
    }

    void theme_appliedStyleSheet_followsAPaletteChange() {
        QLabel label(QStringLiteral("hint"));
        Theme::setTextColor(&label, Theme::Role::Muted);
        const QString light = Theme::color(Theme::Role::Muted, false).name();
        const QString dark = Theme::color(Theme::Role::Muted, true).name();
        QVERIFY2(label.styleSheet().contains(light), qPrintable(label.styleSheet()));
        QApplication::setPalette(darkPalette());
        QVERIFY2(label.styleSheet().contains(dark), qPrintable(label.styleSheet()));
        label.ensurePolished();
        QCOMPARE(label.palette().color(QPalette::WindowText).name(), dark);
        // A later call replaces the earlier one instead of adding to it.
        Theme::setTextColor(&label, Theme::Role::Error);
        QApplication::setPalette(light_);
        QCOMPARE(label.styleSheet(), Theme::textStyle(Theme::Role::Error));
        QVERIFY(label.styleSheet().contains(Theme::color(Theme::Role::Error, false).name()));
    }

    void messageLine_eachToneShowsItsColours_andClearHides() {
        QWidget page;
        auto* line = new MessageLine(QStringLiteral("pageMessage"), &page);
        page.show();
        QVERIFY(line->isHidden());
        QCOMPARE(line->tone(), Theme::Tone::None);
        using R = Theme::Role;
        const struct {
            void (MessageLine::*show)(const QString&);
            Theme::Tone tone;
            R text;
            R background;
            const char* word;
        } cases[] = {
            {&MessageLine::showInfo, Theme::Tone::Info, R::Info, R::InfoBackground, "Information"},
            {&MessageLine::showSuccess, Theme::Tone::Success, R::Success, R::SuccessBackground,
             "Done"},
            {&MessageLine::showWarning, Theme::Tone::Warning, R::Warning, R::WarningBackground,
             "Warning"},
            {&MessageLine::showError, Theme::Tone::Error, R::Error, R::ErrorBackground, "Error"},
        };
        for (const auto& c : cases) {
            (line->*c.show)(QStringLiteral("Something happened."));
            QVERIFY(line->isVisible());
            QCOMPARE(line->tone(), c.tone);
            QCOMPARE(line->text(), QStringLiteral("Something happened."));
            QCOMPARE(line->accessibleName(),
                     QStringLiteral("%1: Something happened.").arg(QLatin1String(c.word)));
            QVERIFY(line->wordWrap());
            QVERIFY(line->textInteractionFlags() & Qt::TextSelectableByMouse);
            line->ensurePolished();
            QCOMPARE(line->palette().color(QPalette::WindowText), Theme::color(c.text, false));
            QVERIFY2(line->styleSheet().contains(Theme::color(c.background, false).name()),
                     qPrintable(line->styleSheet()));
        }
        line->clear();
        QVERIFY(line->isHidden());
        QCOMPARE(line->tone(), Theme::Tone::None);
        QVERIFY(line->text().isEmpty());
        QVERIFY(line->accessibleName().isEmpty());
        line->showError(QString());  // nothing to say: stays hidden
        QVERIFY(line->isHidden());
    }

    void messageLine_apiError_isDescribedInWords() {
        MessageLine line;
        client::ApiError error;
        error.kind = client::ApiError::Kind::Timeout;
        line.showError(error);
        QCOMPARE(line.tone(), Theme::Tone::Error);
        QCOMPARE(line.text(), QStringLiteral("The server did not answer in time. Try again."));
    }

    void messageLine_darkPalette_changesTheColourItUses() {
        QWidget page;
        auto* line = new MessageLine(&page);
        page.show();
        line->showError(QStringLiteral("The username or password is not correct."));
        line->ensurePolished();
        const QColor light = Theme::color(Theme::Role::Error, false);
        const QColor dark = Theme::color(Theme::Role::Error, true);
        QCOMPARE(line->palette().color(QPalette::WindowText), light);
        QApplication::setPalette(darkPalette());
        line->ensurePolished();
        QCOMPARE(line->palette().color(QPalette::WindowText), dark);
        QVERIFY2(
            line->styleSheet().contains(Theme::color(Theme::Role::ErrorBackground, true).name()),
            qPrintable(line->styleSheet()));
        // A line shown while the palette is dark starts dark.
        MessageLine later;
        later.showSuccess(QStringLiteral("Saved."));
        later.ensurePolished();
        QCOMPARE(later.palette().color(QPalette::WindowText),
                 Theme::color(Theme::Role::Success, true));
        QApplication::setPalette(light_);
        line->ensurePolished();
        QCOMPARE(line->palette().color(QPalette::WindowText), light);
    }

    // Typing becomes one search once the person pauses; Return and the clear button search at
    // once; a restored search is shown without being announced; the same text twice is one search.
    void searchBox_debouncesTyping_returnAndClearAreImmediate() {
        SearchBox box(QStringLiteral("search"), nullptr);
        box.setSearchDelay(std::chrono::milliseconds(200));
        QSignalSpy spy(&box, &SearchBox::searchChanged);
        box.show();
        QTest::keyClicks(&box, QStringLiteral("longjing"));
        QCOMPARE(spy.count(), 0);  // not one search per key
        QTRY_COMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("longjing"));
        QCOMPARE(box.search(), QStringLiteral("longjing"));

        QTest::keyClick(&box, Qt::Key_Return);  // the same search again: nothing new
        QCOMPARE(spy.count(), 1);
        QTest::keyClicks(&box, QStringLiteral(" tea "));
        QTest::keyClick(&box, Qt::Key_Return);
        QCOMPARE(spy.count(), 2);
        QCOMPARE(spy.at(1).at(0).toString(), QStringLiteral("longjing tea"));
        QTest::qWait(300);  // the pending delay was settled by Return
        QCOMPARE(spy.count(), 2);

        box.clear();  // what the clear button does
        QCOMPARE(spy.count(), 3);
        QCOMPARE(spy.at(2).at(0).toString(), QString());

        box.setSearch(QStringLiteral("oolong"));
        QCOMPARE(box.text(), QStringLiteral("oolong"));
        QCOMPARE(box.search(), QStringLiteral("oolong"));
        QTest::qWait(300);
        QCOMPARE(spy.count(), 3);
    }
};

QTEST_MAIN(KitTest)
#include "tst_kit.moc"
