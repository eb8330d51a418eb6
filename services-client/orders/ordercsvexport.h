#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <memory>
#include <optional>

#include "services-client/api/apierror.h"
#include "services-client/orders/order.h"
#include "services-client/orders/orderfilter.h"
#include "services-client/orders/ordersapi.h"

class QSaveFile;

namespace opsdesk::client {

class OrdersApi;

// Writes every order of a filter to a CSV file (services-client/export/csv.h: RFC 4180, and no
// cell a spreadsheet would run as a formula; money as plain decimals). Pages are written as they
// arrive and then forgotten, so memory stays the same at any size. The rows go to a temporary file
// that replaces `fileName` only when the last page is written: a cancelled or failed export leaves
// nothing behind (and an older file of that name untouched).
class OrderCsvExport : public QObject {
    Q_OBJECT

public:
    enum class Outcome { Finished, Cancelled, Failed };
    Q_ENUM(Outcome)

    OrderCsvExport(OrdersApi* api, const OrderFilter& filter, const QString& fileName,
                   QObject* parent = nullptr);
    ~OrderCsvExport() override;

    void setPageSize(int rows) { pageSize_ = qBound(1, rows, 500); }

    // Starts at once; `finished` follows exactly once.
    void start();
    void cancel();

    bool isRunning() const { return running_; }
    qint64 rowsWritten() const { return rowsWritten_; }
    // From the first page; nullopt until then.
    std::optional<qint64> totalEstimate() const { return totalEstimate_; }
    bool totalIsExact() const { return totalIsExact_; }
    const QString& fileName() const { return fileName_; }
    const ApiError& error() const { return error_; }
    // Set when the file could not be written (Failed without a network error).
    const QString& fileError() const { return fileError_; }

    // One CSV text field: csv::textCell().
    static QByteArray csvField(const QString& text);
    static QByteArray headerLine();
    static QByteArray csvLine(const OrderSummary& order);

signals:
    void progress(qint64 rowsWritten, std::optional<qint64> totalEstimate);
    void finished(opsdesk::client::OrderCsvExport::Outcome outcome);

private:
    void fetchNext();
    void onPage(OrderListRequest* request);
    void finish(Outcome outcome);

    OrdersApi* api_;
    OrderFilter filter_;
    QString fileName_;
    std::unique_ptr<QSaveFile> file_;
    QPointer<OrderListRequest> request_;
    QByteArray cursor_;
    int pageSize_ = 500;
    bool running_ = false;
    bool firstPage_ = true;
    qint64 rowsWritten_ = 0;
    std::optional<qint64> totalEstimate_;
    bool totalIsExact_ = false;
    ApiError error_;
    QString fileError_;
};

}  // namespace opsdesk::client
