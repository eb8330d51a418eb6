#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>
#include <memory>

namespace opsdesk::test {

// The real opsdesk-server (OPSDESK_SERVER_BIN) run as a child process on a free loopback port.
class ServerProcess {
public:
    struct Options {
        QString databaseUrl;
        bool tls = false;       // make a throw-away CA and certificate, serve HTTPS
        QStringList extraArgs;  // e.g. {"--lockout-seconds", "2"}
        int scryptLog2N = 10;   // fast hashing for tests (the default is 17)
        // Two-factor secrets sealed with a key of the test's own (--totp-key-file, mode 0600);
        // off for tests that give the server their own key file.
        bool totpKey = true;
    };

    ServerProcess();
    ~ServerProcess();  // stops the server

    // Migrates and starts `serve`, waits until /api/v1/health answers. False with *error set
    // (including the server's stderr) when it does not.
    bool start(const Options& options, QString* error);
    // SIGTERM and wait; returns the exit code (-1 when it had to be killed).
    int stop();

    // Runs `opsdesk-server <args...> --database <url>` to completion; returns its exit code.
    int runCommand(const QStringList& args, QString* output = nullptr) const;
    bool createUser(const QString& username, const QString& password, const QString& role,
                    QString* error = nullptr) const;
    // POST /api/v1/auth/login over plain HTTP(S); the session token, or empty when refused.
    QString signIn(const QString& username, const QString& password) const;

    QUrl baseUrl() const;  // http(s)://127.0.0.1:PORT
    int port() const { return port_; }
    QString caFile() const;       // the CA certificate (PEM) when tls, else empty
    QString totpKeyFile() const;  // the key file when totpKey, else empty
    QString stderrText() const;   // everything the server logged so far
    QProcess& process() { return *process_; }

private:
    Options options_;
    std::unique_ptr<QProcess> process_;
    QTemporaryDir dir_;
    int port_ = 0;
    mutable QString stderr_;
};

}  // namespace opsdesk::test
