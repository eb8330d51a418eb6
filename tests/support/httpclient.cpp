#include "httpclient.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QThread>
#include <QTimer>

namespace opsdesk::test {

QByteArray HttpResult::header(const QByteArray& name) const {
    for (const auto& [k, v] : headers) {
        if (k.compare(name, Qt::CaseInsensitive) == 0) {
            return v;
        }
    }
    return {};
}

HttpResult httpRequest(const QByteArray& method, const QUrl& url, const QByteArray& body,
                       const QList<QPair<QByteArray, QByteArray>>& headers, const QString& caFile,
                       int timeoutMs) {
    QNetworkAccessManager nam;
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    if (!body.isEmpty()) {
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    }
    for (const auto& [k, v] : headers) {
        request.setRawHeader(k, v);
    }
    if (!caFile.isEmpty()) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setCaCertificates(QSslCertificate::fromPath(caFile));
        request.setSslConfiguration(ssl);
    }
    QNetworkReply* reply = nam.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, reply, &QNetworkReply::abort);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    timer.start(timeoutMs);
    if (!reply->isFinished()) {
        loop.exec();
    }
    HttpResult r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    r.headers = reply->rawHeaderPairs();
    if (reply->error() != QNetworkReply::NoError && r.status == 0) {
        r.error = reply->errorString();
    }
    reply->deleteLater();
    return r;
}

QString psql(const QString& databaseUrl, const QString& sql, bool* ok) {
    QProcess p;
    p.start("psql", {"-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", databaseUrl, "-c", sql});
    const bool finished = p.waitForFinished(60'000);
    const bool good = finished && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    if (ok) {
        *ok = good;
    }
    if (!good) {
        qWarning("psql failed: %s", p.readAllStandardError().constData());
    }
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

PsqlSession::PsqlSession(const QString& databaseUrl) {
    process_.setProcessChannelMode(QProcess::MergedChannels);
    process_.start("psql", {"-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", databaseUrl});
}

PsqlSession::~PsqlSession() {
    if (process_.state() != QProcess::NotRunning) {
        process_.write("\\q\n");
        process_.closeWriteChannel();
        if (!process_.waitForFinished(10'000)) {
            process_.kill();
            process_.waitForFinished(5'000);
        }
    }
}

std::optional<QString> PsqlSession::run(const QString& sql, int timeoutMs) {
    if (process_.state() == QProcess::Starting && !process_.waitForStarted(timeoutMs)) {
        return std::nullopt;
    }
    const QByteArray marker = "-- done " + QByteArray::number(++marker_);
    // psql runs a statement once it sees its semicolon, and a backslash command at once.
    const QByteArray statements = sql.trimmed().toUtf8();
    process_.write(statements + (statements.endsWith(';') ? "" : ";") + "\n\\echo '" + marker +
                   "'\n");
    QByteArray out;
    QDeadlineTimer deadline(timeoutMs);
    while (!out.contains(marker)) {
        if (process_.state() != QProcess::Running || deadline.hasExpired()) {
            qWarning("psql session: %s", (out + process_.readAll()).constData());
            return std::nullopt;
        }
        process_.waitForReadyRead(50);
        out += process_.readAll();
    }
    out.truncate(out.indexOf(marker));
    return QString::fromUtf8(out).trimmed();
}

bool waitForSql(const QString& databaseUrl, const QString& sql, int timeoutMs) {
    QDeadlineTimer deadline(timeoutMs);
    do {
        if (psql(databaseUrl, sql) == "t") {
            return true;
        }
        QThread::msleep(20);
    } while (!deadline.hasExpired());
    return false;
}

}  // namespace opsdesk::test
