#include "widgets/catalog/pricehistorychart.h"

#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QScatterSeries>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>

#include "widgets/catalog/catalogtext.h"
#include "widgets/common/format.h"
#include "widgets/common/theme.h"

namespace opsdesk::widgets {

PriceHistoryChart::PriceHistoryChart(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* view = new QChartView(this);
    view->setObjectName(QStringLiteral("priceChartView"));
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(170);
    chartView_ = view;
    empty_ = new QLabel(this);
    empty_->setAlignment(Qt::AlignCenter);
    Theme::setTextColor(empty_, Theme::Role::Muted);
    table_ = new QTableWidget(0, 5, this);
    table_->setObjectName(QStringLiteral("priceHistoryTable"));
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setWordWrap(false);
    layout->addWidget(view, 3);
    layout->addWidget(empty_);
    layout->addWidget(table_, 2);
    Theme::onPaletteChange(this, [this] { redraw(); });
    redraw();
}

void PriceHistoryChart::clear() {
    setHistory({}, {});
}

void PriceHistoryChart::setHistory(const QString& sku, const QList<client::PriceChange>& changes) {
    sku_ = sku;
    changes_ = changes;
    redraw();
}

void PriceHistoryChart::redraw() {
    points_.clear();
    QList<client::PriceChange> oldestFirst = changes_;
    std::reverse(oldestFirst.begin(), oldestFirst.end());
    QString currency;
    for (const auto& c : oldestFirst) {
        if (c.at.isValid()) {
            points_.append({c.at, c.toMinor});
            currency = c.currency.isEmpty() ? currency : c.currency;
        }
    }
    if (!points_.isEmpty()) {
        points_.append({std::max(QDateTime::currentDateTimeUtc(), points_.last().first),
                        points_.last().second});
    }

    auto* chart = new QChart;
    chart->legend()->hide();
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    const bool dark = Theme::isDark();
    chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    auto* steps = new QLineSeries(chart);
    auto* marks = new QScatterSeries(chart);
    marks->setMarkerSize(7);
    qint64 low = 0;
    qint64 high = 0;
    for (int i = 0; i < points_.size(); ++i) {
        const auto& [at, minor] = points_.at(i);
        const double x = double(at.toMSecsSinceEpoch());
        const double y = double(minor) / 100.0;
        if (i > 0) {  // a step: the old price up to this moment, then the new one
            steps->append(x, double(points_.at(i - 1).second) / 100.0);
        }
        steps->append(x, y);
        if (i + 1 < points_.size()) {
            marks->append(x, y);
        }
        low = i == 0 ? minor : std::min(low, minor);
        high = i == 0 ? minor : std::max(high, minor);
    }
    chart->addSeries(steps);
    chart->addSeries(marks);
    auto* time = new QDateTimeAxis(chart);
    time->setFormat(QLocale().dateFormat(QLocale::ShortFormat));
    time->setTickCount(4);
    auto* price = new QValueAxis(chart);
    price->setLabelFormat(QStringLiteral("%.2f"));
    const double pad = std::max(1.0, double(high - low) / 100.0 * 0.15);
    price->setRange(double(low) / 100.0 - pad, double(high) / 100.0 + pad);
    if (points_.size() >= 2) {
        time->setRange(points_.first().first, points_.last().first);
    }
    chart->addAxis(time, Qt::AlignBottom);
    chart->addAxis(price, Qt::AlignLeft);
    for (auto* s : {static_cast<QAbstractSeries*>(steps), static_cast<QAbstractSeries*>(marks)}) {
        s->attachAxis(time);
        s->attachAxis(price);
    }
    price->setTitleText(currency.isEmpty() ? Catalog::tr("Price")
                                           : Catalog::tr("Price (%1)").arg(currency));
    auto* view = static_cast<QChartView*>(chartView_);
    QChart* old = view->chart();
    view->setChart(chart);
    delete old;
    view->setVisible(!points_.isEmpty());
    empty_->setVisible(points_.isEmpty());
    empty_->setText(sku_.isEmpty() ? Catalog::tr("Choose a variant to see its prices.")
                                   : Catalog::tr("No price history for %1.").arg(sku_));

    table_->setHorizontalHeaderLabels({Catalog::tr("When"), Catalog::tr("Who"), Catalog::tr("From"),
                                       Catalog::tr("To"), Catalog::tr("Why")});
    table_->setRowCount(int(changes_.size()));
    for (int row = 0; row < changes_.size(); ++row) {
        const auto& c = changes_.at(row);
        const QString cur = c.currency.isEmpty() ? currency : c.currency;
        const QStringList cells{
            Format::dateTime(c.at), c.by.isEmpty() ? Format::none() : c.by,
            c.fromMinor ? Format::money(*c.fromMinor, cur) : Catalog::tr("(new)"),
            Format::money(c.toMinor, cur), c.reason};
        for (int column = 0; column < cells.size(); ++column) {
            table_->setItem(row, column, new QTableWidgetItem(cells.at(column)));
        }
    }
    table_->setVisible(!changes_.isEmpty());
}

void PriceHistoryChart::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        redraw();
    }
    QWidget::changeEvent(event);
}

}  // namespace opsdesk::widgets
