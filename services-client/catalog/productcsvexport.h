#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <memory>

#include "services-client/api/apierror.h"
#include "services-client/catalog/productfilter.h"

namespace opsdesk::client {

class ApiRequest;
class CatalogApi;

// Saves GET /products/export (the filter as CSV, one line a variant, written by the server) to a
// file as the answer arrives: memory stays the same at any size. The bytes go to a temporary file
// that replaces `fileName` only when the last one is in: a cancelled or failed export leaves
// nothing behind (and an older file of that name untouched).
class ProductCsvExport : public QObject {
    Q_OBJECT

public:
    enum class Outcome { Finished, Cancelled, Failed };
    Q_ENUM(Outcome)

    ProductCsvExport(CatalogApi* api, const ProductFilter& filter, const QString& fileName,
                     QObject* parent = nullptr);
    ~ProductCsvExport() override;

    // Starts at once; `finished` follows exactly once.
    void start();
    void cancel();

    bool isRunning() const { return running_; }
    // Data lines written so far (the header line not counted): variants.
    qint64 linesWritten() const;
    qint64 bytesWritten() const;
    const QString& fileName() const { return fileName_; }
    const ApiError& error() const { return error_; }
    // Set when the file could not be written (Failed without a network error).
    const QString& fileError() const { return fileError_; }

signals:
    void progress(qint64 lines, qint64 bytes);
    void finished(opsdesk::client::ProductCsvExport::Outcome outcome);

private:
    class Sink;
    void finish(Outcome outcome);

    CatalogApi* api_;
    ProductFilter filter_;
    QString fileName_;
    std::unique_ptr<Sink> sink_;
    QPointer<ApiRequest> request_;
    bool running_ = false;
    bool cancelled_ = false;
    ApiError error_;
    QString fileError_;
};

}  // namespace opsdesk::client
