#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <optional>

#include "services-client/api/apirequest.h"

namespace opsdesk::client {

class ApiClient;

// One wrong cell (or row, when `column` is empty) of a dry run: `line` as the file counts it (the
// header is line 1), `column` as the file names it.
struct ImportRowError {
    int line = 0;
    QString column;
    QString message;
};

// One field a commit would change: `from` is null for a new SKU.
struct ImportChange {
    QString sku;
    QString field;
    QJsonValue from;
    QJsonValue to;
};

// POST /catalog/imports: what the file would do, written nowhere yet.
struct ImportDryRun {
    qint64 id = 0;
    int rows = 0;
    int creates = 0;
    int updates = 0;
    int unchanged = 0;
    int errorCount = 0;  // all of them; `errors` lists at most 1,000
    bool changesPrice = false;
    QList<ImportRowError> errors;
    QList<ImportChange> changes;

    static std::optional<ImportDryRun> fromJson(const QJsonObject& o, QString* why);
};

// POST /catalog/imports/{id}/commit: what was applied.
struct ImportCommit {
    qint64 id = 0;
    int creates = 0;
    int updates = 0;
    int products = 0;

    static std::optional<ImportCommit> fromJson(const QJsonObject& o, QString* why);
};

class ImportDryRunRequest : public ApiRequest {
    Q_OBJECT

public:
    using ApiRequest::ApiRequest;
    const ImportDryRun& dryRun() const { return dryRun_; }

protected:
    std::optional<ApiError> acceptResponse(const QJsonDocument& response) override;

private:
    ImportDryRun dryRun_;
};

class ImportCommitRequest : public ApiRequest {
    Q_OBJECT

public:
    using ApiRequest::ApiRequest;
    const ImportCommit& result() const { return result_; }

    // A 409's details: "changed_since_dry_run" or "expired" (empty for any other outcome), the
    // first SKUs that moved and how many did.
    QString conflictReason() const;
    QStringList conflictSkus() const;
    int conflictCount() const;

protected:
    std::optional<ApiError> acceptResponse(const QJsonDocument& response) override;

private:
    ImportCommit result_;
};

// The catalog import endpoints. Requests start from the event loop; connect right after making
// them.
class CatalogImportsApi : public QObject {
    Q_OBJECT

public:
    explicit CatalogImportsApi(ApiClient* client, QObject* parent = nullptr);

    // The CSV file as it is (docs/API.md "Catalog imports").
    ImportDryRunRequest* dryRun(const QByteArray& csv);
    // All or nothing. A repeat answers what the first commit did, so a lost answer is safe to
    // ask again by hand; the request itself is not retried.
    ImportCommitRequest* commit(qint64 importId);

private:
    ApiClient* client_;
};

}  // namespace opsdesk::client
