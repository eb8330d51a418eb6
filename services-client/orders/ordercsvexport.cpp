#include "services-client/orders/ordercsvexport.h"

#include <QSaveFile>

#include "opsdesk/protocol/money.h"
#include "services-client/export/csv.h"
#include "services-client/orders/logging.h"
#include "services-client/orders/ordersapi.h"

namespace opsdesk::client {

OrderCsvExport::OrderCsvExport(OrdersApi* api, const OrderFilter& filter, const QString& fileName,
                               QObject* parent)
    : QObject(parent), api_(api), filter_(filter), fileName_(fileName) {}

OrderCsvExport::~OrderCsvExport() {
    if (request_) {
        request_->disconnect(this);
        request_->abort();
    }
    if (file_) {
        file_->cancelWriting();  // QSaveFile removes its temporary file
    }
}

QByteArray OrderCsvExport::csvField(const QString& text) {
    return csv::textCell(text);
}

QByteArray OrderCsvExport::headerLine() {
    return QByteArrayLiteral(
        "number,created_at,status,customer_name,customer_email,total,currency\r\n");
}

QByteArray OrderCsvExport::csvLine(const OrderSummary& o) {
    const QByteArray code = o.currency.toLatin1();
    const auto currency = protocol::findCurrency(std::string_view(code.constData(), code.size()));
    // An unknown currency still exports exactly: its minor units, as the server sent them.
    const std::string total =
        currency ? protocol::formatDecimal(o.totalMinor, *currency) : std::to_string(o.totalMinor);
    return csv::line(
        {csv::textCell(o.number),
         csv::textCell(o.createdAt.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ssZ"))),
         csv::textCell(o.status), csv::textCell(o.customer.name), csv::textCell(o.customer.email),
         csv::numberCell(QByteArray::fromStdString(total)), csv::textCell(o.currency)});
}

void OrderCsvExport::start() {
    if (running_) {
        return;
    }
    running_ = true;
    file_ = std::make_unique<QSaveFile>(fileName_);
    if (!file_->open(QIODevice::WriteOnly)) {
        fileError_ = file_->errorString();
        finish(Outcome::Failed);
        return;
    }
    if (file_->write(headerLine()) < 0) {
        fileError_ = file_->errorString();
        finish(Outcome::Failed);
        return;
    }
    fetchNext();
}

void OrderCsvExport::fetchNext() {
    OrderListRequest* request = api_->list(filter_, cursor_, pageSize_);
    request_ = request;
    connect(request, &ApiRequest::succeeded, this, [this, request] { onPage(request); });
    connect(request, &ApiRequest::failed, this, [this](const ApiError& e) {
        request_ = nullptr;
        error_ = e;
        qCInfo(lcOrders) << "export failed:" << e.toString();
        finish(Outcome::Failed);
    });
}

void OrderCsvExport::onPage(OrderListRequest* request) {
    request_ = nullptr;
    if (!running_) {
        return;
    }
    if (firstPage_) {
        firstPage_ = false;
        totalEstimate_ = request->totalEstimate();
        totalIsExact_ = request->totalIsExact();
    }
    QByteArray chunk;
    chunk.reserve(qsizetype(request->items().size()) * 120);
    for (const auto& order : request->items()) {
        chunk += csvLine(order);
    }
    if (file_->write(chunk) != chunk.size()) {
        fileError_ = file_->errorString();
        finish(Outcome::Failed);
        return;
    }
    rowsWritten_ += request->items().size();
    emit progress(rowsWritten_, totalEstimate_);
    cursor_ = request->nextCursor().toLatin1();
    if (cursor_.isEmpty() || request->items().isEmpty()) {
        if (!file_->commit()) {
            fileError_ = file_->errorString();
            file_.reset();
            finish(Outcome::Failed);
            return;
        }
        file_.reset();
        finish(Outcome::Finished);
        return;
    }
    fetchNext();
}

void OrderCsvExport::cancel() {
    if (!running_) {
        return;
    }
    if (request_) {
        request_->disconnect(this);
        request_->abort();
        request_ = nullptr;
    }
    finish(Outcome::Cancelled);
}

void OrderCsvExport::finish(Outcome outcome) {
    if (!running_) {
        return;
    }
    running_ = false;
    if (file_) {
        file_->cancelWriting();
        file_->commit();  // after cancelWriting: discards the temporary file, keeps the old one
        file_.reset();
    }
    emit finished(outcome);
}

}  // namespace opsdesk::client
