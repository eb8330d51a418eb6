#include "widgets/personnel/rolemerge.h"

namespace opsdesk::widgets::rolemerge {

QStringList sorted(QStringList list) {
    list.sort();
    return list;
}

QStringList minus(const QStringList& a, const QStringList& b) {
    QStringList out;
    for (const QString& s : a) {
        if (!b.contains(s)) {
            out.append(s);
        }
    }
    return out;
}

QStringList reapplyList(const QStringList& base, const QStringList& mine,
                        const QStringList& theirs) {
    const QStringList mineAdded = minus(mine, base);
    const QStringList mineRemoved = minus(base, mine);
    QStringList result = minus(theirs, mineRemoved);
    for (const QString& s : mineAdded) {
        if (!result.contains(s)) {
            result.append(s);
        }
    }
    return sorted(result);
}

QString reapplyValue(const QString& base, const QString& mine, const QString& theirs) {
    return mine != base ? mine : theirs;
}

RoleDraft reapplyMine(const RoleDraft& base, const RoleDraft& mine, const RoleDraft& theirs) {
    return {reapplyList(base.permissions, mine.permissions, theirs.permissions),
            reapplyValue(base.description, mine.description, theirs.description)};
}

}  // namespace opsdesk::widgets::rolemerge
