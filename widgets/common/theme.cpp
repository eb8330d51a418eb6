#include "widgets/common/theme.h"

#include <QApplication>
#include <QEvent>
#include <QPointer>
#include <QWidget>
#include <iterator>
#include <utility>

namespace opsdesk::widgets {

namespace {

struct Variants {
    QRgb light;
    QRgb dark;
};

// One row per Theme::Role, in its order.
constexpr Variants kColors[] = {
    {0xb91c1c, 0xfca5a5},  // Error
    {0xfef2f2, 0x3f1416},  // ErrorBackground
    {0xfecaca, 0x7f1d1d},  // ErrorBorder
    {0x166534, 0x86efac},  // Success
    {0xf0fdf4, 0x0f2e1c},  // SuccessBackground
    {0xbbf7d0, 0x166534},  // SuccessBorder
    {0x1e3a8a, 0xbfdbfe},  // Info
    {0xeff6ff, 0x172554},  // InfoBackground
    {0xbfdbfe, 0x1e40af},  // InfoBorder
    {0xb45309, 0xfcd34d},  // Warning
    {0xfffbeb, 0x3a2a0a},  // WarningBackground
    {0xfcd34d, 0x92400e},  // WarningBorder
    {0x334155, 0xcbd5e1},  // Note
    {0xf1f5f9, 0x1e293b},  // NoteBackground
    {0xe2e8f0, 0x334155},  // NoteBorder
    {0x64748b, 0x94a3b8},  // Muted
    {0x475569, 0xcbd5e1},  // Secondary
    {0x0f172a, 0xf1f5f9},  // Strong
    {0x94a3b8, 0x64748b},  // Inactive
    {0xb91c1c, 0xf87171},  // DangerText
    {0xfef3c7, 0x4d3b0f},  // LiveHighlight
    {0x78350f, 0xfde68a},  // LiveHighlightText
    {0x9f1239, 0xfda4af},  // Removed
    {0x166534, 0x86efac},  // Added
    {0xffffff, 0x262a30},  // Surface
    {0xf8fafc, 0x1e2126},  // SidePanel
    {0xe2e8f0, 0x3a3f47},  // Border
    {0x1e293b, 0xe2e8f0},  // NavigationText
    {0xeef2f7, 0x2c3440},  // NavigationHover
    {0xdbe7fe, 0x1e3a8a},  // NavigationSelected
    {0x1e3a8a, 0xdbeafe},  // NavigationSelectedText
    {0x2563eb, 0x2563eb},  // Brand: white on it reads in both
    {0x1d4ed8, 0x1d4ed8},  // BrandHover
    {0x93c5fd, 0x1e3a8a},  // BrandDisabled
    {0xffffff, 0xffffff},  // OnBrand
    {0xffffff, 0xffffff},  // CodeBackground
    {0x16a34a, 0x4ade80},  // Online
    {0xd97706, 0xfbbf24},  // Connecting
    {0xdc2626, 0xf87171},  // Offline
    {0xb45309, 0xfbbf24},  // AccentAmber
    {0x1d4ed8, 0x60a5fa},  // AccentBlue
    {0x6d28d9, 0xa78bfa},  // AccentViolet
    {0x0e7490, 0x22d3ee},  // AccentCyan
    {0x15803d, 0x4ade80},  // AccentGreen
    {0x3f6212, 0xa3e635},  // AccentLime
    {0x6b7280, 0x9ca3af},  // AccentGrey
    {0xc2410c, 0xfb923c},  // AccentOrange
    {0xb91c1c, 0xf87171},  // AccentRed
};
static_assert(std::size(kColors) == std::size_t(Theme::Role::AccentRed) + 1,
              "one row per Theme::Role");

struct ToneRoles {
    Theme::Role text;
    Theme::Role background;
    Theme::Role border;
};

ToneRoles rolesOf(Theme::Tone tone) {
    using R = Theme::Role;
    switch (tone) {
        case Theme::Tone::Success:
            return {R::Success, R::SuccessBackground, R::SuccessBorder};
        case Theme::Tone::Warning:
            return {R::Warning, R::WarningBackground, R::WarningBorder};
        case Theme::Tone::Error:
            return {R::Error, R::ErrorBackground, R::ErrorBorder};
        case Theme::Tone::Info:
        case Theme::Tone::None:
            break;
    }
    return {R::Info, R::InfoBackground, R::InfoBorder};
}

// Keeps a widget's style sheet in step with the palette; one per widget.
class StyleFollower : public QObject {
public:
    StyleFollower(QWidget* widget, std::function<QString()> sheet)
        : QObject(widget), widget_(widget), sheet_(std::move(sheet)) {
        setObjectName(kName);
        connect(ThemeNotifier::instance(), &ThemeNotifier::paletteChanged, this,
                [this] { refresh(); });
    }

    void setSheet(std::function<QString()> sheet) {
        sheet_ = std::move(sheet);
        refresh();
    }

    void refresh() {
        const QString sheet = sheet_ ? sheet_() : QString();
        if (widget_->styleSheet() != sheet) {
            widget_->setStyleSheet(sheet);
        }
    }

    static constexpr const char* kName = "opsdeskThemeFollower";

private:
    QWidget* widget_;
    std::function<QString()> sheet_;
};

}  // namespace

bool Theme::isDark(const QPalette& palette) {
    return palette.color(QPalette::Window).lightness() < 128;
}

bool Theme::isDark() {
    return isDark(QGuiApplication::palette());
}

QColor Theme::color(Role role, bool dark) {
    const Variants& v = kColors[std::size_t(role)];
    return QColor::fromRgb(dark ? v.dark : v.light);
}

QColor Theme::color(Role role) {
    return color(role, isDark());
}

QColor Theme::textOn(const QColor& background) {
    return background.lightness() < 150 ? QColor(Qt::white) : QColor::fromRgb(0x0f172a);
}

QString Theme::boxStyle(const Box& box) {
    QString rules = QStringLiteral("background: %1;").arg(color(box.background).name());
    if (box.text) {
        rules += QStringLiteral(" color: %1;").arg(color(*box.text).name());
    }
    if (box.border) {
        rules += QStringLiteral(" border: 1px solid %1;").arg(color(*box.border).name());
    }
    if (!box.shape.isEmpty()) {
        rules += QLatin1Char(' ') + box.shape;
    }
    return QStringLiteral("%1 { %2 }").arg(box.selector, rules);
}

QString Theme::messageStyle(Tone tone) {
    if (tone == Tone::None) {
        return {};
    }
    const ToneRoles r = rolesOf(tone);
    return boxStyle({.background = r.background, .text = r.text, .border = r.border});
}

QString Theme::chipStyle(const QColor& c) {
    return QStringLiteral(
               "QToolButton { border: 1px solid palette(mid); border-radius: 11px; "
               "padding: 2px 10px; background: palette(base); }"
               "QToolButton:hover { border-color: %1; }"
               "QToolButton:checked { background: %1; color: %2; border-color: %1; }")
        .arg(c.name(), textOn(c).name());
}

QString Theme::textStyle(Role role, const QString& more) {
    QString sheet = QStringLiteral("color: %1;").arg(color(role).name());
    if (!more.isEmpty()) {
        sheet += QLatin1Char(' ') + more;
    }
    return sheet;
}

QString Theme::span(Role role, const QString& html) {
    return QStringLiteral("<span style=\"color:%1\">%2</span>").arg(color(role).name(), html);
}

void Theme::apply(QWidget* widget, std::function<QString()> styleSheet) {
    auto* existing = widget->findChild<QObject*>(QLatin1String(StyleFollower::kName),
                                                 Qt::FindDirectChildrenOnly);
    if (auto* follower = dynamic_cast<StyleFollower*>(existing)) {
        follower->setSheet(std::move(styleSheet));
        return;
    }
    (new StyleFollower(widget, std::move(styleSheet)))->refresh();
}

void Theme::setTextColor(QWidget* widget, Role role, const QString& more) {
    apply(widget, [role, more] { return textStyle(role, more); });
}

void Theme::setBox(QWidget* widget, const Box& box) {
    apply(widget, [box] { return boxStyle(box); });
}

void Theme::onPaletteChange(QObject* context, std::function<void()> refresh) {
    QObject::connect(ThemeNotifier::instance(), &ThemeNotifier::paletteChanged, context,
                     std::move(refresh));
}

ThemeNotifier* ThemeNotifier::instance() {
    static QPointer<ThemeNotifier> notifier;
    if (!notifier) {
        notifier = new ThemeNotifier(QCoreApplication::instance());
        QCoreApplication::instance()->installEventFilter(notifier);
    }
    return notifier;
}

bool ThemeNotifier::eventFilter(QObject* watched, QEvent* event) {
    if (watched == QCoreApplication::instance() &&
        event->type() == QEvent::ApplicationPaletteChange) {
        emit paletteChanged();
    }
    return QObject::eventFilter(watched, event);
}

}  // namespace opsdesk::widgets
