#include "app/aboutdialog.h"

#include <QDialogButtonBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "app/version.h"
#include "widgets/common/theme.h"
#include "widgets/moduleregistry.h"

namespace opsdesk::app {

AboutDialog::AboutDialog(QWidget* parent)
    : QDialog(parent),
      title_(new QLabel(this)),
      tagline_(new QLabel(this)),
      versions_(new QLabel(this)),
      buttons_(new QDialogButtonBox(QDialogButtonBox::Close, this)) {
    setObjectName(QStringLiteral("aboutDialog"));
    setWindowIcon(widgets::applicationIcon());
    auto* logo = new QLabel(this);
    logo->setPixmap(widgets::applicationIcon().pixmap(QSize(72, 72), devicePixelRatioF()));
    QFont titleFont = title_->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setWeight(QFont::DemiBold);
    title_->setFont(titleFont);
    tagline_->setWordWrap(true);
    widgets::Theme::setTextColor(tagline_, widgets::Theme::Role::Secondary);
    versions_->setObjectName(QStringLiteral("versionsLabel"));
    versions_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* text = new QVBoxLayout;
    text->setSpacing(6);
    text->addWidget(title_);
    text->addWidget(tagline_);
    text->addSpacing(6);
    text->addWidget(versions_);
    auto* top = new QHBoxLayout;
    top->setSpacing(18);
    top->addWidget(logo, 0, Qt::AlignTop);
    top->addLayout(text, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 22, 24, 14);
    layout->addLayout(top);
    layout->addSpacing(8);
    layout->addWidget(buttons_);
    connect(buttons_, &QDialogButtonBox::rejected, this, &AboutDialog::reject);
    setMinimumWidth(440);
    retranslateUi();
}

QString AboutDialog::versionText() {
    return QStringLiteral(OPSDESK_VERSION);
}

void AboutDialog::retranslateUi() {
    setWindowTitle(tr("About OpsDesk"));
    title_->setText(tr("OpsDesk"));
    tagline_->setText(
        tr("Back-office operations for e-commerce teams: orders, support, catalog, "
           "finance and reports in one place."));
    versions_->setText(tr("Version %1\nBuilt on %2 with Qt %3\nRunning on Qt %4")
                           .arg(versionText(), QStringLiteral(OPSDESK_BUILD_DATE),
                                QStringLiteral(QT_VERSION_STR), QString::fromLatin1(qVersion())));
}

void AboutDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
    }
    QDialog::changeEvent(event);
}

}  // namespace opsdesk::app
