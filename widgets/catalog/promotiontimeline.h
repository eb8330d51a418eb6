#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QStringList>
#include <QWidget>
#include <functional>

#include "services-client/catalog/promotions.h"

namespace opsdesk::widgets {

// What is in force when on chosen SKUs: one bar a promotion over a time window (day, week or
// month), a "now" line, the time axis in the person's locale, and the stretches where two
// promotions on a same SKU are in force together drawn in the warning colour. A click on a bar
// asks for that promotion; its tooltip says name, kind and priority.
//
// The drawing reads bars() and overlaps() and nothing else, so tests assert on them.
class PromotionTimeline : public QWidget {
    Q_OBJECT

public:
    enum class Zoom { Day, Week, Month };

    struct Bar {
        qint64 id = 0;
        QString name;
        QString kind;
        int priority = 0;
        bool exclusive = false;
        QDateTime start;   // in the window (clipped)
        QDateTime end;     // in the window (clipped), excluded
        QStringList skus;  // the chosen SKUs it applies to
        bool overlaps = false;
    };
    // A stretch in which at least two of the bars apply to a same SKU.
    struct Interval {
        QDateTime start;
        QDateTime end;
        QList<qint64> ids;  // the promotions in force together in it, ascending
    };

    explicit PromotionTimeline(QWidget* parent = nullptr);

    // The promotions of `skus` in the current window, asked of the server (one list request a
    // SKU); nothing is asked without an api or SKUs.
    void setApi(client::PromotionsApi* api) { api_ = api; }
    void showSkus(const QStringList& skus);
    void reload();
    const QStringList& skus() const { return skus_; }
    bool isLoading() const { return pending_ > 0; }

    // The window: starts at `start` (local time), as long as the zoom says.
    void setZoom(Zoom zoom);
    Zoom zoom() const { return zoom_; }
    void setWindowStart(const QDateTime& start);
    // The window a zoom has around `now`: a day from local midnight, a week from yesterday,
    // a month from three days ago.
    static QDateTime defaultStart(Zoom zoom, const QDateTime& now);
    static qint64 spanSeconds(Zoom zoom);
    // One window back (-1) or on (+1).
    void shiftWindow(int steps);
    QDateTime windowStart() const { return start_; }
    QDateTime windowEnd() const { return start_.addSecs(spanSeconds(zoom_)); }

    // Where the "now" line goes; the default is the clock's.
    void setClock(std::function<QDateTime()> now) { now_ = std::move(now); }

    // The found promotions with the chosen SKUs each applies to; drawn as bars.
    void setPromotions(const QList<std::pair<client::Promotion, QStringList>>& found);
    // The edited promotion, drawn outlined.
    void setCurrentId(qint64 id);

    const QList<Bar>& bars() const { return bars_; }
    const QList<Interval>& overlaps() const { return overlaps_; }
    // What a failed load said; empty after a good one.
    const QString& errorText() const { return error_; }
    // The bar's rectangle in widget coordinates, and the bar under a point (-1 for none).
    QRect barRect(int index) const;
    int barAt(const QPoint& point) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void promotionClicked(qint64 id);
    void loaded();

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;

private:
    void rebuild();
    QRect plotRect() const;
    int xOf(const QDateTime& t) const;
    QString tooltipFor(const Bar& bar) const;
    void paintAxis(QPainter& p, const QRect& plot);

    QPointer<client::PromotionsApi> api_;
    QStringList skus_;
    Zoom zoom_ = Zoom::Week;
    QDateTime start_;
    std::function<QDateTime()> now_;
    QList<std::pair<client::Promotion, QStringList>> found_;
    QList<Bar> bars_;
    QList<Interval> overlaps_;
    qint64 currentId_ = 0;
    QString error_;
    int pending_ = 0;
    int generation_ = 0;
};

}  // namespace opsdesk::widgets
