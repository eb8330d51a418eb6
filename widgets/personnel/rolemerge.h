#pragma once

#include <QString>
#include <QStringList>

// How an edit made on a version someone else has since saved over is put on top of theirs.
// Pure QtCore: the role editor and the staff pane use it, the unit tests call it alone.
namespace opsdesk::widgets::rolemerge {

// `list`, sorted.
QStringList sorted(QStringList list);
// What `a` holds and `b` does not, in `a`'s order.
QStringList minus(const QStringList& a, const QStringList& b);

// My edits of a set relative to what I started from (`base`), applied on top of their version:
// what I added is in, what I removed is out, the rest is as they have it. Sorted.
QStringList reapplyList(const QStringList& base, const QStringList& mine,
                        const QStringList& theirs);
// One value: mine when I changed it, else theirs.
QString reapplyValue(const QString& base, const QString& mine, const QString& theirs);

// A role as the editor holds it.
struct RoleDraft {
    QStringList permissions;
    QString description;

    friend bool operator==(const RoleDraft&, const RoleDraft&) = default;
};

// "Re-apply my changes": my permission and description edits on top of their version.
RoleDraft reapplyMine(const RoleDraft& base, const RoleDraft& mine, const RoleDraft& theirs);

}  // namespace opsdesk::widgets::rolemerge
