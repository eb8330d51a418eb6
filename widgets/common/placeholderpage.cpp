#include "widgets/common/placeholderpage.h"

#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>

#include "widgets/common/module.h"
#include "widgets/common/theme.h"

namespace opsdesk::widgets {

PlaceholderPage::PlaceholderPage(const QString& moduleId, QWidget* parent)
    : QWidget(parent),
      icon_(new QLabel(this)),
      title_(new QLabel(this)),
      summary_(new QLabel(this)),
      note_(new QLabel(this)) {
    setObjectName(moduleId + QStringLiteral("Page"));
    icon_->setPixmap(embeddedIcon(moduleId).pixmap(QSize(64, 64), devicePixelRatioF()));
    icon_->setAlignment(Qt::AlignCenter);

    QFont titleFont = title_->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setWeight(QFont::DemiBold);
    title_->setFont(titleFont);
    title_->setAlignment(Qt::AlignCenter);
    title_->setObjectName(QStringLiteral("pageTitle"));

    summary_->setWordWrap(true);
    summary_->setAlignment(Qt::AlignCenter);
    summary_->setObjectName(QStringLiteral("pageSummary"));
    Theme::setTextColor(summary_, Theme::Role::Secondary);

    note_->setAlignment(Qt::AlignCenter);
    note_->setObjectName(QStringLiteral("comingNote"));
    Theme::setBox(note_, {.background = Theme::Role::InfoBackground,
                          .text = Theme::Role::Info,
                          .border = Theme::Role::InfoBorder,
                          .shape = QStringLiteral("border-radius: 11px; padding: 3px 12px;")});

    // A centred column of fixed width, so the wrapped summary gets the height it needs.
    auto* column = new QWidget(this);
    column->setFixedWidth(480);
    auto* columnLayout = new QVBoxLayout(column);
    columnLayout->setContentsMargins(0, 0, 0, 0);
    columnLayout->setSpacing(0);
    columnLayout->addWidget(icon_);
    columnLayout->addSpacing(14);
    columnLayout->addWidget(title_);
    columnLayout->addSpacing(6);
    columnLayout->addWidget(summary_);
    columnLayout->addSpacing(18);
    columnLayout->addWidget(note_, 0, Qt::AlignHCenter);

    auto* layout = new QVBoxLayout(this);
    layout->addStretch(2);
    layout->addWidget(column, 0, Qt::AlignHCenter);
    layout->addStretch(3);
}

void PlaceholderPage::retranslateUi() {
    title_->setText(pageTitle());
    summary_->setText(pageSummary());
    note_->setText(tr("Coming in a later release"));
}

void PlaceholderPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
    }
    QWidget::changeEvent(event);
}

}  // namespace opsdesk::widgets
