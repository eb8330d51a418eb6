#include "widgets/common/conflictbanner.h"

#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "widgets/common/format.h"
#include "widgets/common/theme.h"

namespace opsdesk::widgets {

namespace {

QLabel* cell(const QString& text, QWidget* parent) {
    auto* label = new QLabel(text.isEmpty() ? Format::none() : text, parent);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    return label;
}

}  // namespace

ConflictBanner::ConflictBanner(QWidget* parent)
    : QFrame(parent),
      summary_(new QLabel(this)),
      changesBox_(new QWidget(this)),
      grid_(new QGridLayout(changesBox_)),
      note_(new QLabel(this)),
      reapply_(new QPushButton(this)),
      discard_(new QPushButton(this)),
      dismiss_(new QPushButton(this)) {
    setObjectName(QStringLiteral("conflictBanner"));
    // The style sheet finds the banner by this, whatever name the page gives it.
    setProperty("conflictBanner", true);
    summary_->setObjectName(QStringLiteral("conflictText"));
    changesBox_->setObjectName(QStringLiteral("conflictChanges"));
    note_->setObjectName(QStringLiteral("conflictNote"));
    reapply_->setObjectName(QStringLiteral("reapplyButton"));
    discard_->setObjectName(QStringLiteral("discardMineButton"));
    dismiss_->setObjectName(QStringLiteral("dismissConflictButton"));
    for (QLabel* label : {summary_, note_}) {
        label->setWordWrap(true);
        label->setTextFormat(Qt::PlainText);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    QFont bold = summary_->font();
    bold.setWeight(QFont::DemiBold);
    summary_->setFont(bold);
    grid_->setContentsMargins(0, 2, 0, 2);
    grid_->setHorizontalSpacing(14);
    grid_->setVerticalSpacing(4);
    grid_->setColumnStretch(0, 1);
    grid_->setColumnStretch(1, 2);
    reapply_->setAutoDefault(false);
    discard_->setAutoDefault(false);
    dismiss_->setAutoDefault(false);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(discard_);
    buttons->addWidget(reapply_);
    buttons->addWidget(dismiss_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 10);
    layout->setSpacing(8);
    layout->addWidget(summary_);
    layout->addWidget(changesBox_);
    layout->addWidget(note_);
    layout->addLayout(buttons);

    connect(reapply_, &QPushButton::clicked, this, &ConflictBanner::reapplyRequested);
    connect(discard_, &QPushButton::clicked, this, &ConflictBanner::discardRequested);
    connect(dismiss_, &QPushButton::clicked, this, [this] {
        dismiss();
        emit dismissed();
    });
    Theme::apply(this, [this] { return styleSheetNow(); });
    Theme::onPaletteChange(this, [this] { paintValues(); });  // rich text with colours
    retranslateUi();
    hide();
}

QString ConflictBanner::styleSheetNow() const {
    using R = Theme::Role;
    const bool refused = kind_ == Kind::Refused;
    return Theme::boxStyle({.background = refused ? R::ErrorBackground : R::WarningBackground,
                            .border = refused ? R::ErrorBorder : R::WarningBorder,
                            .shape = QStringLiteral("border-radius: 6px;"),
                            .selector = QStringLiteral("QFrame[conflictBanner=\"true\"]")}) +
           QStringLiteral(
               "QLabel#conflictText { color: %1; }"
               "QLabel[conflictHeader=\"true\"] { color: %2; }")
               .arg(Theme::color(refused ? R::Error : R::Warning).name(),
                    Theme::color(R::Muted).name());
}

void ConflictBanner::showStale(const QList<Change>& changes, bool canReapply,
                               const QString& summary, const QString& note) {
    present(Kind::Stale, summary, changes, note, canReapply, true, false);
}

void ConflictBanner::showRefused(const client::ApiError& error, const QString& why,
                                 const ErrorText::StateName& stateName) {
    present(Kind::Refused, why.isEmpty() ? ErrorText::refusal(error, stateName) : why, {}, {},
            false, false, true);
}

void ConflictBanner::showRefusedWithChanges(const QString& why, const QList<Change>& changes,
                                            bool canReapply) {
    present(Kind::Refused, why, changes, {}, canReapply, true, false);
}

void ConflictBanner::present(Kind kind, const QString& summary, const QList<Change>& changes,
                             const QString& note, bool reapply, bool discard, bool dismiss) {
    kind_ = kind;
    customSummary_ = summary;
    changes_ = changes;
    note_->setText(note);
    note_->setVisible(!note.isEmpty());
    reapply_->setVisible(reapply);
    discard_->setVisible(discard);
    dismiss_->setVisible(dismiss);
    fillChanges();
    retranslateUi();
    Theme::apply(this, [this] { return styleSheetNow(); });
    show();
}

void ConflictBanner::dismiss() {
    kind_ = Kind::None;
    changes_.clear();
    customSummary_.clear();
    hide();
}

void ConflictBanner::fillChanges() {
    values_.clear();
    while (QLayoutItem* item = grid_->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    // A refusal without a fetched record has no list; a stale one always says what changed,
    // even when nothing the page shows did.
    const bool list = kind_ == Kind::Stale || !changes_.isEmpty();
    changesBox_->setVisible(list);
    if (!list) {
        return;
    }
    if (changes_.isEmpty()) {
        auto* same = cell(tr("Nothing shown here differs from what you saw."), changesBox_);
        same->setObjectName(QStringLiteral("conflictNothingChanged"));
        grid_->addWidget(same, 0, 0, 1, 2);
        return;
    }
    auto* header = cell(tr("You saw → now"), changesBox_);
    header->setProperty("conflictHeader", true);
    grid_->addWidget(header, 0, 1);
    int row = 1;
    for (const Change& change : changes_) {
        auto* field = cell(change.field, changesBox_);
        QFont f = field->font();
        f.setWeight(QFont::DemiBold);
        field->setFont(f);
        auto* values = cell({}, changesBox_);
        values->setTextFormat(Qt::RichText);
        values_.append(values);
        grid_->addWidget(field, row, 0);
        grid_->addWidget(values, row, 1);
        ++row;
    }
    paintValues();
}

void ConflictBanner::paintValues() {
    // One line a field, "what you saw → what it is now", so a narrow pane wraps it at the arrow
    // rather than needing room for three columns of addresses.
    const auto value = [](const QString& text) {
        return text.isEmpty() ? Format::none() : text.toHtmlEscaped();
    };
    for (int i = 0; i < values_.size() && i < changes_.size(); ++i) {
        values_[i]->setText(QStringLiteral("%1&nbsp;→ %2")
                                .arg(Theme::span(Theme::Role::Muted, value(changes_[i].saw)),
                                     value(changes_[i].now)));
    }
}

QString ConflictBanner::summary() const {
    return summary_->text();
}

QString ConflictBanner::text() const {
    QStringList lines{summary_->text()};
    if (kind_ == Kind::Stale && changes_.isEmpty()) {
        lines << tr("Nothing shown here differs from what you saw.");
    }
    for (const Change& c : changes_) {
        lines << tr("%1: %2 → %3", "field: what you saw → what it is now")
                     .arg(c.field, c.saw.isEmpty() ? Format::none() : c.saw,
                          c.now.isEmpty() ? Format::none() : c.now);
    }
    if (!note_->text().isEmpty()) {
        lines << note_->text();
    }
    return lines.join(QLatin1Char('\n'));
}

void ConflictBanner::retranslateUi() {
    if (customSummary_.isEmpty()) {
        summary_->setText(kind_ == Kind::Refused
                              ? tr("The server refused this.")
                              : tr("Someone else saved this while you were editing it. Your "
                                   "changes are not saved yet."));
    } else {
        summary_->setText(customSummary_);
    }
    reapply_->setText(tr("Reapply my changes"));
    reapply_->setToolTip(tr("Apply your changes on top of the current version and save them"));
    discard_->setText(tr("Discard mine"));
    discard_->setToolTip(tr("Drop your changes and show the current version"));
    dismiss_->setText(tr("Dismiss"));
    setAccessibleName(kind_ == Kind::Refused ? tr("Refused") : tr("Conflict"));
    setAccessibleDescription(text());
}

void ConflictBanner::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        fillChanges();
        retranslateUi();
    }
    QFrame::changeEvent(event);
}

}  // namespace opsdesk::widgets
