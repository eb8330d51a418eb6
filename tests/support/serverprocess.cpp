#include "serverprocess.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QThread>

#include "httpclient.h"

namespace opsdesk::test {

namespace {

QString serverBinary() {
    return qEnvironmentVariable("OPSDESK_SERVER_BIN");
}

bool runOpenssl(const QStringList& args, const QString& dir, QString* error) {
    QProcess p;
    p.setWorkingDirectory(dir);
    p.start("openssl", args);
    if (!p.waitForFinished(60'000) || p.exitCode() != 0) {
        *error = "openssl " + args.join(' ') + ": " + QString::fromUtf8(p.readAllStandardError());
        return false;
    }
    return true;
}

// A throw-away CA and a server certificate for 127.0.0.1/localhost signed by it.
bool makeCertificates(const QString& dir, QString* error) {
    QFile ext(dir + "/server.ext");
    if (!ext.open(QIODevice::WriteOnly)) {
        *error = "cannot write " + ext.fileName();
        return false;
    }
    ext.write(
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
        "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
    ext.close();
    return runOpenssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                       "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj",
                       "/CN=OpsDesk Test CA"},
                      dir, error) &&
           runOpenssl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                       "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"},
                      dir, error) &&
           runOpenssl(
               {"x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "server.ext"},
               dir, error);
}

}  // namespace

ServerProcess::ServerProcess() = default;

ServerProcess::~ServerProcess() {
    stop();
}

bool ServerProcess::start(const Options& options, QString* error) {
    options_ = options;
    if (serverBinary().isEmpty()) {
        *error = "OPSDESK_SERVER_BIN is not set: run this test through ctest";
        return false;
    }
    if (!dir_.isValid()) {
        *error = "cannot make a temporary directory";
        return false;
    }
    QStringList args{"serve",
                     "--database",
                     options.databaseUrl,
                     "--listen",
                     "127.0.0.1:0",
                     "--scrypt-log2n",
                     QString::number(options.scryptLog2N),
                     "--db-threads",
                     "3",
                     "--io-threads",
                     "1"};
    if (options.totpKey) {
        QFile key(totpKeyFile());
        if (!key.open(QIODevice::WriteOnly) ||
            !key.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
            *error = "cannot write " + key.fileName();
            return false;
        }
        QByteArray bytes(32, '\0');
        for (auto& b : bytes) {
            b = char(QRandomGenerator::system()->bounded(256));
        }
        key.write(bytes.toHex() + "\n");
        key.close();
        args << "--totp-key-file" << totpKeyFile();
    }
    if (options.tls) {
        if (!makeCertificates(dir_.path(), error)) {
            return false;
        }
        args << "--tls-cert" << dir_.filePath("server.pem") << "--tls-key"
             << dir_.filePath("server.key");
    }
    args << options.extraArgs;

    process_ = std::make_unique<QProcess>();
    process_->setProgram(serverBinary());
    process_->setArguments(args);
    process_->start();
    if (!process_->waitForStarted(10'000)) {
        *error = "cannot start " + serverBinary() + ": " + process_->errorString();
        return false;
    }
    // The server logs {"msg":"listening","port":N,...} once it accepts connections.
    QDeadlineTimer deadline(60'000);
    QByteArray pending;
    while (port_ == 0 && !deadline.hasExpired()) {
        if (process_->state() != QProcess::Running) {
            stderr_ += QString::fromUtf8(process_->readAllStandardError());
            *error = "opsdesk-server exited early:\n" + stderr_;
            return false;
        }
        process_->waitForReadyRead(200);
        pending += process_->readAllStandardError();
        int nl;
        while ((nl = pending.indexOf('\n')) >= 0) {
            const QByteArray line = pending.left(nl);
            pending.remove(0, nl + 1);
            stderr_ += QString::fromUtf8(line) + "\n";
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            if (o.value("msg").toString() == "listening") {
                port_ = o.value("port").toInt();
            }
        }
    }
    stderr_ += QString::fromUtf8(pending);
    if (port_ == 0) {
        *error = "opsdesk-server did not report a listening port:\n" + stderr_;
        return false;
    }
    // Keep collecting the log so tests can read it.
    QObject::connect(process_.get(), &QProcess::readyReadStandardError, process_.get(),
                     [this] { stderr_ += QString::fromUtf8(process_->readAllStandardError()); });
    return true;
}

int ServerProcess::stop() {
    if (!process_ || process_->state() == QProcess::NotRunning) {
        return process_ ? process_->exitCode() : 0;
    }
    process_->terminate();
    if (!process_->waitForFinished(20'000)) {
        process_->kill();
        process_->waitForFinished(5'000);
        return -1;
    }
    stderr_ += QString::fromUtf8(process_->readAllStandardError());
    return process_->exitStatus() == QProcess::NormalExit ? process_->exitCode() : -1;
}

int ServerProcess::runCommand(const QStringList& args, QString* output) const {
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(serverBinary(), QStringList(args)
                                << "--database" << options_.databaseUrl << "--scrypt-log2n"
                                << QString::number(options_.scryptLog2N));
    if (!p.waitForFinished(120'000)) {
        p.kill();
        p.waitForFinished();
        if (output) {
            *output = "timed out";
        }
        return -1;
    }
    if (output) {
        *output = QString::fromUtf8(p.readAll());
    }
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

bool ServerProcess::createUser(const QString& username, const QString& password,
                               const QString& role, QString* error) const {
    QString out;
    const int rc = runCommand(
        {"create-user", "--username", username, "--password", password, "--role", role}, &out);
    if (rc != 0 && error) {
        *error = out;
    }
    return rc == 0;
}

QString ServerProcess::signIn(const QString& username, const QString& password) const {
    const auto r = httpRequest(
        "POST", baseUrl().resolved(QUrl("/api/v1/auth/login")),
        QJsonDocument(QJsonObject{{"username", username}, {"password", password}}).toJson(), {},
        caFile());
    return r.json().value("token").toString();
}

QUrl ServerProcess::baseUrl() const {
    return QUrl(QString("%1://127.0.0.1:%2").arg(options_.tls ? "https" : "http").arg(port_));
}

QString ServerProcess::caFile() const {
    return options_.tls ? dir_.filePath("ca.pem") : QString();
}

QString ServerProcess::totpKeyFile() const {
    return options_.totpKey ? dir_.filePath("totp.key") : QString();
}

QString ServerProcess::stderrText() const {
    if (process_) {
        stderr_ += QString::fromUtf8(process_->readAllStandardError());
    }
    return stderr_;
}

}  // namespace opsdesk::test
