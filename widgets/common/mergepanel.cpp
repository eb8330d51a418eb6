#include "widgets/common/mergepanel.h"

#include <QButtonGroup>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

#include "widgets/common/format.h"
#include "widgets/common/theme.h"

namespace opsdesk::widgets {

MergePanel::MergePanel(QWidget* parent)
    : QFrame(parent),
      summary_(new QLabel(this)),
      box_(new QWidget(this)),
      grid_(new QGridLayout(box_)),
      apply_(new QPushButton(this)),
      discard_(new QPushButton(this)) {
    setObjectName(QStringLiteral("mergePanel"));
    setProperty("mergePanel", true);
    summary_->setObjectName(QStringLiteral("mergeText"));
    summary_->setWordWrap(true);
    summary_->setTextFormat(Qt::PlainText);
    QFont bold = summary_->font();
    bold.setWeight(QFont::DemiBold);
    summary_->setFont(bold);
    apply_->setObjectName(QStringLiteral("applyMergeButton"));
    discard_->setObjectName(QStringLiteral("discardMineButton"));
    apply_->setAutoDefault(false);
    discard_->setAutoDefault(false);
    grid_->setContentsMargins(0, 2, 0, 2);
    grid_->setHorizontalSpacing(12);
    grid_->setVerticalSpacing(4);
    grid_->setColumnStretch(1, 1);
    grid_->setColumnStretch(2, 1);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(discard_);
    buttons->addWidget(apply_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 10);
    layout->setSpacing(8);
    layout->addWidget(summary_);
    layout->addWidget(box_);
    layout->addLayout(buttons);

    connect(apply_, &QPushButton::clicked, this, &MergePanel::applyRequested);
    connect(discard_, &QPushButton::clicked, this, &MergePanel::discardRequested);
    Theme::apply(this, [this] { return styleSheetNow(); });
    retranslateUi();
    hide();
}

QString MergePanel::styleSheetNow() const {
    using R = Theme::Role;
    return Theme::boxStyle({.background = R::WarningBackground,
                            .border = R::WarningBorder,
                            .shape = QStringLiteral("border-radius: 6px;"),
                            .selector = QStringLiteral("QFrame[mergePanel=\"true\"]")}) +
           QStringLiteral(
               "QLabel#mergeText { color: %1; }"
               "QLabel[mergeHeader=\"true\"] { color: %2; }"
               "QLabel[bothChanged=\"true\"] { font-weight: 600; }")
               .arg(Theme::color(R::Warning).name(), Theme::color(R::Muted).name());
}

void MergePanel::showFields(const QList<Field>& fields, const QString& who) {
    fields_ = fields;
    who_ = who;
    qDeleteAll(groups_);  // a new merge: no choice carries over
    groups_.clear();
    retranslateUi();
    show();
}

void MergePanel::dismiss() {
    fields_.clear();
    fill();
    hide();
}

void MergePanel::fill() {
    qDeleteAll(groups_);
    groups_.clear();
    while (QLayoutItem* item = grid_->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    if (fields_.isEmpty()) {
        return;
    }
    const auto header = [this](const QString& text, int column) {
        auto* label = new QLabel(text, box_);
        label->setProperty("mergeHeader", true);
        grid_->addWidget(label, 0, column);
    };
    header(tr("Field"), 0);
    header(who_.isEmpty() ? tr("Saved meanwhile") : tr("Saved by %1").arg(who_), 1);
    header(tr("Yours"), 2);
    int row = 1;
    for (const Field& f : fields_) {
        auto* name =
            new QLabel(f.bothChanged ? tr("%1 (changed by both)").arg(f.label) : f.label, box_);
        name->setProperty("bothChanged", f.bothChanged);
        name->setWordWrap(true);
        grid_->addWidget(name, row, 0, Qt::AlignTop);
        auto* group = new QButtonGroup(this);
        const auto choice = [&](const QString& value, int id, int column) {
            auto* button = new QRadioButton(value.isEmpty() ? Format::none() : value, box_);
            button->setObjectName(
                QStringLiteral("merge_%1_%2")
                    .arg(f.key, id == 1 ? QStringLiteral("mine") : QStringLiteral("theirs")));
            button->setToolTip(value);
            group->addButton(button, id);
            grid_->addWidget(button, row, column, Qt::AlignTop);
        };
        choice(f.theirs, 0, 1);
        choice(f.mine, 1, 2);
        group->button(f.proposeMine ? 1 : 0)->setChecked(true);
        groups_ << group;
        ++row;
    }
}

QSet<QString> MergePanel::keepMine() const {
    QSet<QString> keys;
    for (int i = 0; i < fields_.size() && i < groups_.size(); ++i) {
        if (groups_.at(i)->checkedId() == 1) {
            keys.insert(fields_.at(i).key);
        }
    }
    return keys;
}

void MergePanel::choose(const QString& key, bool mine) {
    for (int i = 0; i < fields_.size() && i < groups_.size(); ++i) {
        if (fields_.at(i).key == key) {
            groups_.at(i)->button(mine ? 1 : 0)->setChecked(true);
        }
    }
}

QString MergePanel::text() const {
    QStringList lines{summary_->text()};
    for (const Field& f : fields_) {
        lines << QStringLiteral("%1: %2 | %3").arg(f.label, f.theirs, f.mine);
    }
    return lines.join(QLatin1Char('\n'));
}

void MergePanel::retranslateUi() {
    summary_->setText(
        tr("Someone else saved this while you were editing it. Choose, field by field, which "
           "value to keep; then save again."));
    apply_->setText(tr("Use these values"));
    discard_->setText(tr("Discard mine"));
    // The rows are made again in the new language; the person's choices stay.
    const bool chosen = groups_.size() == fields_.size() && !fields_.isEmpty();
    const QSet<QString> kept = keepMine();
    fill();
    if (chosen) {
        for (const Field& f : fields_) {
            choose(f.key, kept.contains(f.key));
        }
    }
    setAccessibleDescription(text());
}

void MergePanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
    }
    QFrame::changeEvent(event);
}

}  // namespace opsdesk::widgets
