#include "services-client/catalog/catalogimports.h"

#include <QJsonArray>

#include "services-client/api/apiclient.h"

namespace opsdesk::client {

namespace {

// A count the answer must carry: a whole number, 0 or more.
bool readCount(const QJsonObject& o, const char* name, int* out, QString* why) {
    const QJsonValue v = o.value(QLatin1String(name));
    if (!v.isDouble() || v.toInteger(-1) < 0) {
        if (why) {
            *why = QStringLiteral("the import answer has no count \"%1\"").arg(QLatin1String(name));
        }
        return false;
    }
    *out = static_cast<int>(v.toInteger());
    return true;
}

}  // namespace

std::optional<ImportDryRun> ImportDryRun::fromJson(const QJsonObject& o, QString* why) {
    ImportDryRun d;
    d.id = o.value(QLatin1String("id")).toInteger();
    if (d.id <= 0) {
        if (why) {
            *why = QStringLiteral("the import answer carries no id");
        }
        return std::nullopt;
    }
    if (!readCount(o, "rows", &d.rows, why) || !readCount(o, "creates", &d.creates, why) ||
        !readCount(o, "updates", &d.updates, why) ||
        !readCount(o, "unchanged", &d.unchanged, why) ||
        !readCount(o, "error_count", &d.errorCount, why)) {
        return std::nullopt;
    }
    d.changesPrice = o.value(QLatin1String("changes_price")).toBool();
    for (const QJsonValue& v : o.value(QLatin1String("errors")).toArray()) {
        const QJsonObject e = v.toObject();
        d.errors.append({e.value(QLatin1String("line")).toInt(),
                         e.value(QLatin1String("column")).toString(),
                         e.value(QLatin1String("message")).toString()});
    }
    for (const QJsonValue& v : o.value(QLatin1String("changes")).toArray()) {
        const QJsonObject c = v.toObject();
        d.changes.append({c.value(QLatin1String("sku")).toString(),
                          c.value(QLatin1String("field")).toString(),
                          c.value(QLatin1String("from")), c.value(QLatin1String("to"))});
    }
    return d;
}

std::optional<ImportCommit> ImportCommit::fromJson(const QJsonObject& o, QString* why) {
    ImportCommit c;
    c.id = o.value(QLatin1String("id")).toInteger();
    if (c.id <= 0 || o.value(QLatin1String("status")).toString() != QLatin1String("committed")) {
        if (why) {
            *why = QStringLiteral("the commit answer does not say the import was committed");
        }
        return std::nullopt;
    }
    if (!readCount(o, "creates", &c.creates, why) || !readCount(o, "updates", &c.updates, why)) {
        return std::nullopt;
    }
    c.products = o.value(QLatin1String("products")).toInt();
    return c;
}

std::optional<ApiError> ImportDryRunRequest::acceptResponse(const QJsonDocument& response) {
    QString why;
    auto d = ImportDryRun::fromJson(response.object(), &why);
    if (!d) {
        return ApiError::invalidResponse(0, why);
    }
    dryRun_ = std::move(*d);
    return std::nullopt;
}

std::optional<ApiError> ImportCommitRequest::acceptResponse(const QJsonDocument& response) {
    QString why;
    auto c = ImportCommit::fromJson(response.object(), &why);
    if (!c) {
        return ApiError::invalidResponse(0, why);
    }
    result_ = *c;
    return std::nullopt;
}

QString ImportCommitRequest::conflictReason() const {
    return error().httpStatus == 409 ? error().details.value(QLatin1String("reason")).toString()
                                     : QString();
}

QStringList ImportCommitRequest::conflictSkus() const {
    QStringList skus;
    if (error().httpStatus == 409) {
        for (const QJsonValue& v : error().details.value(QLatin1String("skus")).toArray()) {
            skus.append(v.toString());
        }
    }
    return skus;
}

int ImportCommitRequest::conflictCount() const {
    return error().httpStatus == 409 ? error().details.value(QLatin1String("count")).toInt() : 0;
}

CatalogImportsApi::CatalogImportsApi(ApiClient* client, QObject* parent)
    : QObject(parent), client_(client) {}

ImportDryRunRequest* CatalogImportsApi::dryRun(const QByteArray& csv) {
    auto* r = new ImportDryRunRequest(ApiRequest::Method::Post, QStringLiteral("/catalog/imports"));
    r->setRawBody(csv, QByteArrayLiteral("text/csv; charset=utf-8"));
    r->setRetryPolicy(RetryPolicy::never());  // each dry run is stored; one a click
    return client_->send(r);
}

ImportCommitRequest* CatalogImportsApi::commit(qint64 importId) {
    auto* r = new ImportCommitRequest(ApiRequest::Method::Post,
                                      QStringLiteral("/catalog/imports/%1/commit").arg(importId));
    r->setRetryPolicy(RetryPolicy::never());
    return client_->send(r);
}

}  // namespace opsdesk::client
