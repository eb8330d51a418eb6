#pragma once

#include <QProxyStyle>

namespace opsdesk::app {

// Fusion everywhere, so the client looks the same on every desktop, without icons on dialog
// buttons (some platform themes add them, and they look dated).
class AppStyle : public QProxyStyle {
    Q_OBJECT

public:
    AppStyle();

    int styleHint(StyleHint hint, const QStyleOption* option = nullptr,
                  const QWidget* widget = nullptr,
                  QStyleHintReturn* returnData = nullptr) const override;
};

}  // namespace opsdesk::app
