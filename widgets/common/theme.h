#pragma once

#include <QColor>
#include <QObject>
#include <QPalette>
#include <QString>
#include <functional>
#include <optional>

class QWidget;

namespace opsdesk::widgets {

// The desk's colours, named by what they mean, in one place: each has a light and a dark
// variant, and the application's current palette decides which (dark when its window colour
// is dark). Widgets never write a colour themselves; they ask here, and re-ask when the palette
// changes (Theme::apply, Theme::onPaletteChange).
class Theme {
public:
    enum class Role {
        // Text, and the box of a message in each tone.
        Error,
        ErrorBackground,
        ErrorBorder,
        Success,
        SuccessBackground,
        SuccessBorder,
        Info,
        InfoBackground,
        InfoBorder,
        Warning,
        WarningBackground,
        WarningBorder,
        Note,  // neutral remarks (what the administrator role is, a secret to copy)
        NoteBackground,
        NoteBorder,
        Muted,          // hints, counts, empty states, loading rows
        Secondary,      // facts and taglines under a heading
        Strong,         // headings drawn in rich text
        Inactive,       // deactivated accounts, a connection not known yet
        DangerText,     // the label of a button that destroys or cancels
        LiveHighlight,  // background of a row or note that just changed live
        LiveHighlightText,
        Removed,  // a value before a change (audit trail)
        Added,    // a value after a change
        // Surfaces of the shell.
        Surface,    // pages and panes
        SidePanel,  // the navigation column and the status bar
        Border,     // lines between surfaces, frames, progress tracks
        NavigationText,
        NavigationHover,
        NavigationSelected,
        NavigationSelectedText,
        Brand,  // the sign-in button
        BrandHover,
        BrandDisabled,
        OnBrand,
        CodeBackground,  // behind a QR code: white in both, or cameras cannot read it
        // Connection dots.
        Online,
        Connecting,
        Offline,
        // Accents for states that need telling apart (order statuses, filter chips).
        AccentAmber,
        AccentBlue,
        AccentViolet,
        AccentCyan,
        AccentGreen,
        AccentLime,
        AccentGrey,
        AccentOrange,
        AccentRed,
    };

    // How a message reads: its text, background and border come from the tone's roles.
    enum class Tone { None, Info, Success, Warning, Error };

    static bool isDark(const QPalette& palette);
    // The application's palette.
    static bool isDark();
    static QColor color(Role role, bool dark);
    // For the application's current palette.
    static QColor color(Role role);
    // Text that reads on `background` (white or near-black).
    static QColor textOn(const QColor& background);

    // A surface drawn in the theme's colours: `selector` { background; color; border; shape }.
    struct Box {
        Role background = Role::Surface;
        std::optional<Role> text = std::nullopt;
        std::optional<Role> border = std::nullopt;
        QString shape = QStringLiteral("border-radius: 6px; padding: 8px 10px;");
        QString selector = QStringLiteral("QLabel");
    };

    // Style sheet snippets, for the current palette.
    static QString boxStyle(const Box& box);
    // A QLabel as a message box in `tone` (empty for Tone::None).
    static QString messageStyle(Tone tone);
    // "color: …;" and `more` (e.g. "font-weight: 600;").
    static QString textStyle(Role role, const QString& more = {});
    // A filter chip (a checkable QToolButton, rounded): outlined, filled with `color` when
    // checked.
    static QString chipStyle(const QColor& color);
    // Rich text in a role's colour.
    static QString span(Role role, const QString& html);

    // Sets `styleSheet()` on `widget` now and again whenever the application's palette changes
    // (a widget with a style sheet gets no PaletteChange of its own). A later call for the same
    // widget replaces the earlier one.
    static void apply(QWidget* widget, std::function<QString()> styleSheet);
    // The common cases: a label in a role's colour (e.g. muted), a box.
    static void setTextColor(QWidget* widget, Role role, const QString& more = {});
    static void setBox(QWidget* widget, const Box& box);
    // Calls `refresh` whenever the application's palette changes, while `context` lives.
    static void onPaletteChange(QObject* context, std::function<void()> refresh);
};

// Announces a change of the application's palette once, for every Theme user. Installed on the
// application the first time it is needed.
class ThemeNotifier : public QObject {
    Q_OBJECT

public:
    static ThemeNotifier* instance();

signals:
    void paletteChanged();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    using QObject::QObject;
};

}  // namespace opsdesk::widgets
