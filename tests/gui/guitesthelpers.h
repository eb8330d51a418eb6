#pragma once

// What the GUI suites share: a dark palette to try the theme under, and screenshots on request.
#include <QApplication>
#include <QPalette>
#include <QString>
#include <QWidget>

namespace opsdesk::test {

// A dark palette as a desktop's dark mode would set it: Qt derives the bevel shades (light,
// mid, dark, shadow) from the button and window colours; text, bases and disabled text on top.
inline QPalette darkPalette() {
    QPalette p(QColor(0x35, 0x35, 0x35), QColor(0x2b, 0x2b, 0x2b));
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor disabled(0x80, 0x80, 0x80);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
        p.setColor(QPalette::Active, role, text);
        p.setColor(QPalette::Inactive, role, text);
        p.setColor(QPalette::Disabled, role, disabled);
    }
    p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Highlight, QColor(0x3b, 0x82, 0xf6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x93, 0xc5, 0xfd));
    return p;
}

// With OPSDESK_SCREENSHOT_DIR set, saves what the window around `widget` shows under the light
// palette and a dark one (<name>-light.png, <name>-dark.png); otherwise does nothing.
inline void saveShots(QWidget* widget, const QString& name) {
    const QString dir = qEnvironmentVariable("OPSDESK_SCREENSHOT_DIR");
    if (dir.isEmpty()) {
        return;
    }
    QWidget* window = widget->window();
    const QSize size = window->size();
    window->resize(1200, 800);  // the size the desk opens at, about
    window->grab().save(dir + QLatin1Char('/') + name + QStringLiteral("-light.png"));
    const QPalette light = QApplication::palette();
    QApplication::setPalette(darkPalette());
    window->grab().save(dir + QLatin1Char('/') + name + QStringLiteral("-dark.png"));
    QApplication::setPalette(light);
    window->resize(size);
}

}  // namespace opsdesk::test
