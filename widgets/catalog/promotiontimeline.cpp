#include "widgets/catalog/promotiontimeline.h"

#include <QHelpEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QSet>
#include <QToolTip>
#include <algorithm>

#include "widgets/catalog/catalogtext.h"
#include "widgets/catalog/promotiontext.h"
#include "widgets/common/errortext.h"
#include "widgets/common/format.h"
#include "widgets/common/theme.h"

namespace opsdesk::widgets {

using client::Promotion;

namespace {

constexpr int kRowHeight = 24;
constexpr int kRowGap = 4;
constexpr int kAxisHeight = 22;
constexpr int kTopMargin = 18;  // room for the "now" label
constexpr int kSide = 8;

}  // namespace

PromotionTimeline::PromotionTimeline(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("promotionTimeline"));
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent, false);
    now_ = [] { return QDateTime::currentDateTimeUtc(); };
    start_ = defaultStart(zoom_, now_());
    Theme::onPaletteChange(this, [this] { update(); });
}

qint64 PromotionTimeline::spanSeconds(Zoom zoom) {
    switch (zoom) {
        case Zoom::Day:
            return 24 * 3600;
        case Zoom::Week:
            return 7 * 24 * 3600;
        case Zoom::Month:
            return 30 * 24 * 3600;
    }
    return 7 * 24 * 3600;
}

QDateTime PromotionTimeline::defaultStart(Zoom zoom, const QDateTime& now) {
    const QDate today = now.toLocalTime().date();
    const int back = zoom == Zoom::Day ? 0 : zoom == Zoom::Week ? 1 : 3;
    return QDateTime(today.addDays(-back), QTime(0, 0)).toUTC();
}

void PromotionTimeline::setZoom(Zoom zoom) {
    if (zoom == zoom_) {
        return;
    }
    zoom_ = zoom;
    start_ = defaultStart(zoom_, now_());
    reload();
}

void PromotionTimeline::setWindowStart(const QDateTime& start) {
    start_ = start.toUTC();
    reload();
}

void PromotionTimeline::shiftWindow(int steps) {
    start_ = start_.addSecs(spanSeconds(zoom_) * steps);
    reload();
}

void PromotionTimeline::showSkus(const QStringList& skus) {
    QStringList clean;
    for (const QString& s : skus) {
        const QString t = s.trimmed();
        if (!t.isEmpty() && !clean.contains(t, Qt::CaseInsensitive)) {
            clean.append(t);
        }
    }
    skus_ = clean;
    reload();
}

void PromotionTimeline::reload() {
    const int generation = ++generation_;
    error_.clear();
    if (!api_ || skus_.isEmpty()) {
        pending_ = 0;
        setPromotions({});
        emit loaded();
        return;
    }
    // One request a SKU: each answer says which of the chosen SKUs a promotion applies to
    // (through its categories and virtual categories too), which is what an overlap needs.
    auto collected = std::make_shared<QList<std::pair<Promotion, QStringList>>>();
    pending_ = int(skus_.size());
    // `finished` fires before the outcome: each outcome counts itself down instead.
    const auto done = [this, generation, collected] {
        if (generation != generation_ || --pending_ > 0) {
            return;
        }
        setPromotions(*collected);
        emit loaded();
    };
    for (const QString& sku : skus_) {
        client::PromotionFilter filter;
        filter.sku = sku;
        filter.from = windowStart();
        filter.to = windowEnd();
        auto* request = api_->list(filter, {}, 200);
        connect(request, &client::ApiRequest::succeeded, this,
                [this, request, sku, generation, collected, done] {
                    if (generation != generation_) {
                        return;
                    }
                    for (const Promotion& p : request->items()) {
                        auto it = std::find_if(collected->begin(), collected->end(),
                                               [&p](const auto& e) { return e.first.id == p.id; });
                        if (it == collected->end()) {
                            collected->append({p, {sku}});
                        } else {
                            it->second.append(sku);
                        }
                    }
                    done();
                });
        connect(request, &client::ApiRequest::failed, this,
                [this, generation, done](const client::ApiError& e) {
                    if (generation == generation_) {
                        error_ = ErrorText::describe(e);
                    }
                    done();
                });
    }
    update();
}

void PromotionTimeline::setPromotions(const QList<std::pair<Promotion, QStringList>>& found) {
    found_ = found;
    rebuild();
}

void PromotionTimeline::setCurrentId(qint64 id) {
    currentId_ = id;
    update();
}

void PromotionTimeline::rebuild() {
    bars_.clear();
    overlaps_.clear();
    const QDateTime from = windowStart();
    const QDateTime to = windowEnd();
    for (const auto& [p, skus] : found_) {
        const QDateTime start = std::max(p.startsAt, from);
        const QDateTime end = std::min(p.effectiveEnd(), to);
        if (start >= end) {
            continue;  // not in force in this window
        }
        bars_.append(Bar{p.id, p.name, p.kind, p.priority, p.exclusive, start, end, skus, false});
    }
    std::sort(bars_.begin(), bars_.end(), [](const Bar& a, const Bar& b) {
        return a.start != b.start ? a.start < b.start : a.id < b.id;
    });

    // Every pair on a same SKU in force together gives a stretch; stretches that touch are
    // told as one, with every promotion in it.
    QList<Interval> pieces;
    for (int i = 0; i < bars_.size(); ++i) {
        for (int j = i + 1; j < bars_.size(); ++j) {
            const Bar& a = bars_[i];
            const Bar& b = bars_[j];
            const bool shared = std::any_of(a.skus.begin(), a.skus.end(), [&b](const QString& s) {
                return b.skus.contains(s, Qt::CaseInsensitive);
            });
            const QDateTime start = std::max(a.start, b.start);
            const QDateTime end = std::min(a.end, b.end);
            if (shared && start < end) {
                pieces.append({start, end, {a.id, b.id}});
                bars_[i].overlaps = true;
                bars_[j].overlaps = true;
            }
        }
    }
    std::sort(pieces.begin(), pieces.end(),
              [](const Interval& a, const Interval& b) { return a.start < b.start; });
    for (const Interval& piece : pieces) {
        if (!overlaps_.isEmpty() && piece.start < overlaps_.last().end) {
            Interval& last = overlaps_.last();
            last.end = std::max(last.end, piece.end);
            for (qint64 id : piece.ids) {
                if (!last.ids.contains(id)) {
                    last.ids.append(id);
                }
            }
            std::sort(last.ids.begin(), last.ids.end());
        } else {
            overlaps_.append(piece);
        }
    }
    updateGeometry();
    update();
}

QSize PromotionTimeline::sizeHint() const {
    const int rows = std::max<int>(2, int(bars_.size()));
    return {720, kTopMargin + rows * (kRowHeight + kRowGap) + kAxisHeight + 4};
}

QSize PromotionTimeline::minimumSizeHint() const {
    return {320, kTopMargin + 2 * (kRowHeight + kRowGap) + kAxisHeight + 4};
}

QRect PromotionTimeline::plotRect() const {
    return QRect(kSide, kTopMargin, std::max(1, width() - 2 * kSide),
                 std::max(1, height() - kTopMargin - kAxisHeight));
}

int PromotionTimeline::xOf(const QDateTime& t) const {
    const QRect plot = plotRect();
    const double span = double(spanSeconds(zoom_));
    const double at = double(windowStart().secsTo(t));
    return plot.left() + int(std::clamp(at / span, 0.0, 1.0) * plot.width());
}

QRect PromotionTimeline::barRect(int index) const {
    if (index < 0 || index >= bars_.size()) {
        return {};
    }
    const Bar& b = bars_[index];
    const int left = xOf(b.start);
    const int right = std::max(left + 3, xOf(b.end));
    return QRect(left, kTopMargin + index * (kRowHeight + kRowGap), right - left, kRowHeight);
}

int PromotionTimeline::barAt(const QPoint& point) const {
    for (int i = 0; i < bars_.size(); ++i) {
        if (barRect(i).contains(point)) {
            return i;
        }
    }
    return -1;
}

QString PromotionTimeline::tooltipFor(const Bar& b) const {
    QString text = Catalog::tr("%1\n%2 · priority %3")
                       .arg(b.name, PromotionText::kindName(b.kind))
                       .arg(QLocale().toString(b.priority));
    if (b.exclusive) {
        text += QLatin1Char('\n') + Catalog::tr("Exclusive");
    }
    text += QLatin1Char('\n') + PromotionText::when(b.start, b.end);
    text += QLatin1Char('\n') + Catalog::tr("On %1").arg(b.skus.join(QStringLiteral(", ")));
    if (b.overlaps) {
        text += QLatin1Char('\n') + Catalog::tr("Overlaps another promotion on a same SKU");
    }
    return text;
}

void PromotionTimeline::paintAxis(QPainter& p, const QRect& plot) {
    const QLocale locale;
    const QColor muted = Theme::color(Theme::Role::Muted);
    const QColor border = Theme::color(Theme::Role::Border);
    const QFontMetrics fm = fontMetrics();
    const int axisY = plot.bottom() + 1;
    p.setPen(border);
    p.drawLine(plot.left(), axisY, plot.right(), axisY);

    // Ticks on whole local hours (a day) or days (a week, a month), as many as fit.
    const QDateTime localStart = windowStart().toLocalTime();
    const bool hours = zoom_ == Zoom::Day;
    const QString sample = hours ? locale.toString(QTime(23, 59), QLocale::ShortFormat)
                                 : Format::date(QDate(2026, 12, 28));
    const int labelWidth = fm.horizontalAdvance(sample) + 16;
    const int fit = std::max(1, plot.width() / labelWidth);
    const int units = hours ? 24 : int(spanSeconds(zoom_) / (24 * 3600));
    const int step = std::max(1, (units + fit - 1) / fit);
    QDateTime tick = hours ? QDateTime(localStart.date(), QTime(localStart.time().hour(), 0))
                           : QDateTime(localStart.date(), QTime(0, 0));
    if (tick < localStart) {
        tick = hours ? tick.addSecs(3600) : tick.addDays(1);
    }
    for (int i = 0; tick < windowEnd().toLocalTime(); ++i) {
        if (i % step == 0) {
            const int x = xOf(tick.toUTC());
            p.setPen(border);
            p.drawLine(x, plot.top(), x, axisY + 3);
            const QString label = hours ? locale.toString(tick.time(), QLocale::ShortFormat)
                                        : Format::date(tick.date());
            p.setPen(muted);
            const int w = fm.horizontalAdvance(label);
            const int left = std::clamp(x - w / 2, 0, std::max(0, width() - w));
            p.drawText(QRect(left, axisY + 3, w, fm.height()), Qt::AlignCenter, label);
        }
        tick = hours ? tick.addSecs(3600) : tick.addDays(1);
    }
}

void PromotionTimeline::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, true);
    const QRect plot = plotRect();
    p.fillRect(rect(), Theme::color(Theme::Role::Surface));

    // Overlapping stretches first, behind the bars, across every row.
    const QColor warnBack = Theme::color(Theme::Role::WarningBackground);
    const QColor warnBorder = Theme::color(Theme::Role::WarningBorder);
    for (const Interval& o : overlaps_) {
        const int l = xOf(o.start);
        const int r = std::max(l + 2, xOf(o.end));
        const QRect band(l, plot.top(), r - l, plot.height());
        p.fillRect(band, warnBack);
        p.setPen(QPen(warnBorder, 1, Qt::DashLine));
        p.drawLine(band.topLeft(), band.bottomLeft());
        p.drawLine(band.topRight(), band.bottomRight());
    }

    paintAxis(p, plot);

    const QFontMetrics fm = fontMetrics();
    for (int i = 0; i < bars_.size(); ++i) {
        const Bar& b = bars_[i];
        const QRect r = barRect(i);
        QColor fill = PromotionText::kindColor(b.kind);
        p.setPen(b.id == currentId_ ? QPen(Theme::color(Theme::Role::Strong), 2)
                 : b.overlaps       ? QPen(Theme::color(Theme::Role::Warning), 2)
                                    : Qt::NoPen);
        p.setBrush(fill);
        p.drawRoundedRect(r.adjusted(1, 1, -1, -1), 4, 4);
        // The name inside the bar when it fits, else beside it.
        const QString name = b.exclusive ? Catalog::tr("%1 (exclusive)").arg(b.name) : b.name;
        const int inside = r.width() - 10;
        if (fm.horizontalAdvance(name) <= inside || inside >= 60) {
            p.setPen(Theme::textOn(fill));
            p.drawText(r.adjusted(5, 0, -5, 0), Qt::AlignVCenter | Qt::AlignLeft,
                       fm.elidedText(name, Qt::ElideRight, inside));
        } else {
            p.setPen(Theme::color(Theme::Role::Secondary));
            const int w = fm.horizontalAdvance(name);
            const QRect beside = r.right() + 6 + w <= plot.right()
                                     ? QRect(r.right() + 6, r.top(), w, r.height())
                                     : QRect(r.left() - 6 - w, r.top(), w, r.height());
            p.drawText(beside, Qt::AlignVCenter | Qt::AlignLeft, name);
        }
    }

    const QDateTime now = now_();
    if (now >= windowStart() && now < windowEnd()) {
        const int x = xOf(now);
        p.setPen(QPen(Theme::color(Theme::Role::AccentRed), 2));
        p.drawLine(x, plot.top() - 4, x, plot.bottom() + 1);
        p.setPen(Theme::color(Theme::Role::AccentRed));
        const QString label = Catalog::tr("now");
        p.drawText(
            QPoint(std::min(x + 3, width() - fm.horizontalAdvance(label) - 2), plot.top() - 5),
            label);
    }

    if (bars_.isEmpty()) {
        p.setPen(Theme::color(Theme::Role::Muted));
        QString text;
        if (!error_.isEmpty()) {
            text = error_;
        } else if (skus_.isEmpty()) {
            text = Catalog::tr("Choose SKUs to see the promotions in force on them.");
        } else if (pending_ > 0) {
            text = Catalog::tr("Loading promotions…");
        } else {
            text = Catalog::tr("No promotion is in force on %1 in this period.")
                       .arg(skus_.join(QStringLiteral(", ")));
        }
        p.drawText(plot.adjusted(8, 0, -8, 0), Qt::AlignCenter | Qt::TextWordWrap, text);
    }
}

bool PromotionTimeline::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(e);
        const int i = barAt(help->pos());
        if (i >= 0) {
            QToolTip::showText(help->globalPos(), tooltipFor(bars_[i]), this, barRect(i));
        } else {
            QToolTip::hideText();
            e->ignore();
        }
        return true;
    }
    return QWidget::event(e);
}

void PromotionTimeline::mouseMoveEvent(QMouseEvent* e) {
    setCursor(barAt(e->position().toPoint()) >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
    QWidget::mouseMoveEvent(e);
}

void PromotionTimeline::mousePressEvent(QMouseEvent* e) {
    const int i = barAt(e->position().toPoint());
    if (e->button() == Qt::LeftButton && i >= 0) {
        emit promotionClicked(bars_[i].id);
        return;
    }
    QWidget::mousePressEvent(e);
}

}  // namespace opsdesk::widgets
