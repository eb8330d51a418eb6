#pragma once

#include <QFrame>
#include <QList>
#include <QString>

#include "widgets/common/errortext.h"

class QGridLayout;
class QLabel;
class QPushButton;

namespace opsdesk::client {
struct ApiError;
}

namespace opsdesk::widgets {

// What a page shows when its edit meets someone else's: the same banner everywhere.
// - Stale (412, someone saved the record after it was opened): what they changed, as a list of
//   (field, what you saw, what it is now) the page gives, and two ways on: "Reapply my changes"
//   on top of the current version, or "Discard mine" and see the current version.
// - Refused (409, the server says no): why, in words, with a dismiss; or, when the page fetched
//   the record to show what changed, with the same two ways on.
// The page decides what each way does; the banner only offers and reports them.
class ConflictBanner : public QFrame {
    Q_OBJECT

public:
    // One field that differs between the version the person saw and the current one.
    struct Change {
        QString field;
        QString saw;
        QString now;

        friend bool operator==(const Change&, const Change&) = default;
    };
    enum class Kind { None, Stale, Refused };

    explicit ConflictBanner(QWidget* parent = nullptr);

    // `summary` replaces the first sentence ("Someone else saved this…"); `note` follows the list
    // (e.g. why reapplying is not offered).
    void showStale(const QList<Change>& changes, bool canReapply = true,
                   const QString& summary = {}, const QString& note = {});
    // Why the server refused: `why`, or ErrorText::refusal(error, stateName). Dismiss only.
    void showRefused(const client::ApiError& error, const QString& why = {},
                     const ErrorText::StateName& stateName = {});
    // A refusal after which the page fetched the record: what changed since it was opened, and
    // reapply (when still possible) or discard.
    void showRefusedWithChanges(const QString& why, const QList<Change>& changes, bool canReapply);
    // Hides the banner (the page resolved the conflict).
    void dismiss();

    Kind kind() const { return kind_; }
    QString summary() const;
    const QList<Change>& changes() const { return changes_; }
    // Everything it says, one line a part, for the accessible description and tests.
    QString text() const;
    QPushButton* reapplyButton() const { return reapply_; }
    QPushButton* discardButton() const { return discard_; }
    QPushButton* dismissButton() const { return dismiss_; }

signals:
    void reapplyRequested();
    void discardRequested();
    // The person closed a refusal.
    void dismissed();

protected:
    void changeEvent(QEvent* event) override;

private:
    void present(Kind kind, const QString& summary, const QList<Change>& changes,
                 const QString& note, bool reapply, bool discard, bool dismiss);
    void fillChanges();
    void paintValues();
    void retranslateUi();
    QString styleSheetNow() const;

    Kind kind_ = Kind::None;
    QString customSummary_;
    QList<Change> changes_;
    QLabel* summary_;
    QWidget* changesBox_;
    QGridLayout* grid_;
    QList<QLabel*> values_;  // "what you saw → what it is now", one a change
    QLabel* note_;
    QPushButton* reapply_;
    QPushButton* discard_;
    QPushButton* dismiss_;
};

}  // namespace opsdesk::widgets
