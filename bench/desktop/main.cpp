// Desktop benchmark of a module's list page (the Orders page, or the Catalog's product list):
// time to the first painted rows, the longest UI-thread stall while scrolling through many rows,
// and resident memory afterwards. Runs the real widgets (offscreen) against a real
// opsdesk-server; prints one JSON line.
//
//   opsdesk-desktop-bench --server URL --user U --password P [--module orders|catalog]
//                         [--rows 200000] [--dataset N]
#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <vector>

#include "services-client/api/apiclient.h"
#include "services-client/api/pagedlistmodel.h"
#include "services-client/auth/authapi.h"
#include "services-client/auth/session.h"
#include "services-client/catalog/productlistmodel.h"
#include "services-client/orders/orderlistmodel.h"
#include "widgets/catalog/catalogpage.h"
#include "widgets/orders/orderspage.h"

using namespace opsdesk;

namespace {

double statusKb(const char* key) {
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly)) {
        return 0;
    }
    for (const QByteArray& line : f.readAll().split('\n')) {
        if (line.startsWith(key)) {
            return line.mid(qstrlen(key)).trimmed().split(' ').first().toDouble();
        }
    }
    return 0;
}

// Records the gaps between ticks of a short timer: the UI thread's latency as a person feels it.
class Heartbeat : public QObject {
public:
    explicit Heartbeat(int periodMs) : period_(periodMs) {
        timer_.setTimerType(Qt::PreciseTimer);
        timer_.setInterval(periodMs);
        QObject::connect(&timer_, &QTimer::timeout, this, [this] {
            const qint64 now = clock_.nsecsElapsed();
            if (last_ >= 0) {
                gaps_.push_back(double(now - last_) / 1e6);
            }
            last_ = now;
        });
    }
    void start() {
        gaps_.clear();
        last_ = -1;
        clock_.start();
        timer_.start();
    }
    void stop() { timer_.stop(); }
    // The longest time the loop could not tick, beyond the timer's own period.
    double maxStall() const {
        return gaps_.empty()
                   ? 0
                   : std::max(0.0, *std::max_element(gaps_.begin(), gaps_.end()) - period_);
    }
    double percentileGap(double p) const {
        if (gaps_.empty()) {
            return 0;
        }
        std::vector<double> sorted = gaps_;
        std::sort(sorted.begin(), sorted.end());
        return sorted[std::min(sorted.size() - 1, std::size_t(p * double(sorted.size())))];
    }

private:
    QTimer timer_;
    QElapsedTimer clock_;
    qint64 last_ = -1;
    int period_;
    std::vector<double> gaps_;
};

// Notes when the table's viewport is painted with rows in it.
class PaintWatch : public QObject {
public:
    std::function<void()> onRowsPainted;
    client::PagedListModel* model = nullptr;
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::Paint && model && model->itemRowCount() > 0 && onRowsPainted) {
            auto done = std::move(onRowsPainted);
            onRowsPainted = nullptr;
            // After this paint event has been handled: the frame is drawn.
            QTimer::singleShot(0, this, [done] { done(); });
        }
        return QObject::eventFilter(watched, event);
    }
};

}  // namespace

int main(int argc, char** argv) {
    // Per-request debug lines would cost more than what is measured.
    QLoggingCategory::setFilterRules(QStringLiteral("opsdesk.*.debug=false\nopsdesk.*.info=false"));
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("opsdesk-desktop-bench"));
    QCommandLineParser cli;
    cli.addOptions({{"server", "server URL", "url"},
                    {"user", "username", "name"},
                    {"password", "password", "password"},
                    {"module", "the page measured: orders or catalog", "name", "orders"},
                    {"rows", "rows to scroll through", "n", "200000"},
                    {"dataset", "records in the database (for the report)", "n", "0"}});
    cli.process(app);
    const int rows = cli.value("rows").toInt();
    const QString module = cli.value("module");
    if (module != QLatin1String("orders") && module != QLatin1String("catalog")) {
        std::fprintf(stderr, "--module is orders or catalog\n");
        return 2;
    }

    // The user's remembered filters must not change what is measured.
    QStandardPaths::setTestModeEnabled(true);
    QSettings(QStringLiteral("OpsDesk"), QStringLiteral("OpsDesk")).clear();

    client::ApiClient api;
    client::Session session;
    client::AuthApi auth(&api, &session);
    api.setBaseUrl(QUrl(cli.value("server")));
    api.setSession(&session);
    {
        // A benchmark harness may wait in a local loop; the product never does.
        auto* login = auth.login(cli.value("user"), cli.value("password"));
        QEventLoop wait;
        QObject::connect(login, &client::ApiRequest::finished, &wait, &QEventLoop::quit);
        wait.exec();
        if (!session.isAuthenticated()) {
            std::fprintf(stderr, "sign-in failed\n");
            return 1;
        }
    }

    Heartbeat heartbeat(5);
    PaintWatch watch;
    QJsonObject result;
    QElapsedTimer opened;
    // The page under test, its list and its table: the same for either module.
    QWidget* page = nullptr;
    client::PagedListModel* model = nullptr;
    QTableView* table = nullptr;
    int pagesFetched = 0;
    QElapsedTimer scrolling;
    QTimer scroller;
    QElapsedTimer back;
    scroller.setInterval(16);  // one "frame" of a person dragging to the bottom

    auto finish = [&] {
        scroller.stop();
        heartbeat.stop();
        result["rows_scrolled"] = model->itemRowCount();
        result["pages_fetched"] = pagesFetched;
        result["scroll_seconds"] = double(scrolling.elapsed()) / 1000.0;
        result["max_stall_ms"] = heartbeat.maxStall();
        result["p99_gap_ms"] = heartbeat.percentileGap(0.99);
        result["rows_kept"] = model->loadedItemCount();
        result["pages_kept"] = model->loadedPageCount();
        result["rss_mb"] = statusKb("VmRSS:") / 1024.0;
        result["hwm_mb"] = statusKb("VmHWM:") / 1024.0;
        // And back to the top: the dropped first page is fetched again.
        back.start();
        QObject::connect(model, &client::PagedListModel::pageLoaded, &app, [&](int pageIndex) {
            if (pageIndex == 0 && !result.contains("back_to_top_ms")) {
                result["back_to_top_ms"] = double(back.nsecsElapsed()) / 1e6;
                result["module"] = module;
                result["dataset"] = cli.value("dataset").toLongLong();
                result["date"] = QDate::currentDate().toString(Qt::ISODate);
                result["build"] = QStringLiteral("RelWithDebInfo");
                std::printf("%s\n",
                            QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
                std::fflush(stdout);
                app.quit();
            }
        });
        table->scrollToTop();
    };

    QObject::connect(&scroller, &QTimer::timeout, &app, [&] {
        if (model->itemRowCount() >= rows || model->atEnd()) {
            finish();
            return;
        }
        // Dragging to the end: QAbstractItemView calls fetchMore when the bar reaches it.
        table->scrollToBottom();
    });

    watch.onRowsPainted = [&] {
        result["first_rows_ms"] = double(opened.nsecsElapsed()) / 1e6;
        QObject::connect(model, &client::PagedListModel::pageLoaded, &app, [&] { ++pagesFetched; });
        QTimer::singleShot(200, &app, [&] {
            heartbeat.start();
            scrolling.start();
            scroller.start();
        });
    };

    QTimer::singleShot(0, &app, [&] {
        opened.start();
        widgets::ModuleContext context;
        context.api = &api;
        context.session = &session;
        if (module == QLatin1String("catalog")) {
            auto* catalog = new widgets::CatalogPage(context);
            page = catalog;
            model = catalog->model();
            table = catalog->table();
        } else {
            auto* orders = new widgets::OrdersPage(context);
            page = orders;
            model = orders->model();
            table = orders->table();
        }
        watch.model = model;
        QObject::connect(model, &client::PagedListModel::firstPageLoaded, &app, [&] {
            result["first_page_ms"] = double(opened.nsecsElapsed()) / 1e6;
            if (const auto total = model->totalEstimate()) {
                result["total_estimate"] = *total;
            }
        });
        table->viewport()->installEventFilter(&watch);
        page->resize(1400, 900);
        page->show();
    });
    QTimer::singleShot(std::chrono::minutes(20), &app, [&] {
        std::fprintf(stderr, "timed out\n");
        app.exit(2);
    });
    const int rc = app.exec();
    delete page;
    return rc;
}
