#pragma once

#include <QFrame>
#include <QList>
#include <QSet>
#include <QString>

class QButtonGroup;
class QGridLayout;
class QLabel;
class QPushButton;

namespace opsdesk::widgets {

// A stale edit merged field by field: someone saved the record while the person edited it, and
// for each field where their version and the person's edit differ the panel shows both side by
// side and lets the person keep theirs or the other's. Fields both changed are marked; the
// proposal is the person's edit where only they changed a field and the other's where only the
// other did. "Use these values" applies the choices to the form, which is then saved on top of
// the current version; "Discard mine" shows the current version. The page decides what each
// does; the panel only offers the choices and reports them.
class MergePanel : public QFrame {
    Q_OBJECT

public:
    struct Field {
        QString key;
        QString label;
        QString mine;
        QString theirs;
        bool bothChanged = false;
        bool proposeMine = true;
    };

    explicit MergePanel(QWidget* parent = nullptr);

    // `who` saved the other version (empty when unknown).
    void showFields(const QList<Field>& fields, const QString& who = {});
    void dismiss();

    const QList<Field>& fields() const { return fields_; }
    // The keys the person keeps their own value of.
    QSet<QString> keepMine() const;
    // Sets one field's choice, as a click on its button does (tests, keyboard).
    void choose(const QString& key, bool mine);
    QPushButton* applyButton() const { return apply_; }
    QPushButton* discardButton() const { return discard_; }
    // Everything it says, one line a field, for the accessible description and tests.
    QString text() const;

signals:
    void applyRequested();
    void discardRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void fill();
    void retranslateUi();
    QString styleSheetNow() const;

    QList<Field> fields_;
    QString who_;
    QList<QButtonGroup*> groups_;  // one a field: button 1 mine, 0 theirs
    QLabel* summary_;
    QWidget* box_;
    QGridLayout* grid_;
    QPushButton* apply_;
    QPushButton* discard_;
};

}  // namespace opsdesk::widgets
