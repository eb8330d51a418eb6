#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;

namespace opsdesk::app {

class AboutDialog : public QDialog {
    Q_OBJECT

public:
    explicit AboutDialog(QWidget* parent = nullptr);

    static QString versionText();  // "0.1.0"

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();

    QLabel* title_;
    QLabel* tagline_;
    QLabel* versions_;
    QDialogButtonBox* buttons_;
};

}  // namespace opsdesk::app
