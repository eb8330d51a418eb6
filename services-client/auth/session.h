#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPointer>

#include "services-client/auth/user.h"

class QNetworkRequest;

namespace opsdesk::client {

class ApiRequest;

// The one owner of authentication: keeps the token and the user, adds the bearer header to
// every authenticated request, and notices a 401 once. While the session is expired, requests
// that hit a 401 (and those started meanwhile) are parked; signing in again sends them anew,
// signing out fails them with Kind::Cancelled.
class Session : public QObject {
    Q_OBJECT

public:
    enum class State { SignedOut, Authenticated, Expired };
    Q_ENUM(State)

    explicit Session(QObject* parent = nullptr);
    ~Session() override;

    State state() const { return state_; }
    bool isAuthenticated() const { return state_ == State::Authenticated; }
    const User& user() const { return user_; }
    QDateTime expiresAt() const { return expiresAt_; }
    bool can(protocol::Permission permission) const { return user_.can(permission); }
    int parkedCount() const;

    // A token the server handed out for `user`. After an expiry, parked requests are sent again
    // when the same user signs back in; for anyone else they are cancelled.
    void signIn(const QByteArray& token, const User& user, const QDateTime& expiresAt = {});
    // Forgets the token here (AuthApi::logout also revokes it on the server).
    void signOut();

signals:
    void stateChanged(opsdesk::client::Session::State state);
    void signedIn(const opsdesk::client::User& user);
    void signedOut();
    // The server stopped accepting the token. Emitted once per expiry, however many requests
    // noticed it; they wait for a new sign-in.
    void sessionExpired();

private:
    friend class ApiRequest;
    friend class AuthApi;
    friend class FeedClient;  // authenticates the live feed with the same token

    enum class Decision { Send, Park, Fail };

    // Adds "Authorization: Bearer …"; returns the header value so a late 401 can be told apart
    // from one for the current token.
    QByteArray authorize(QNetworkRequest& request) const;
    QByteArray authorizationHeader() const { return authorization_; }
    Decision admit(ApiRequest* request);
    Decision onUnauthorized(ApiRequest* request, const QByteArray& authorizationUsed);
    void park(ApiRequest* request);
    void setState(State state);
    void cancelParked(const QString& why);

    State state_ = State::SignedOut;
    QByteArray authorization_;
    User user_;
    QDateTime expiresAt_;
    QList<QPointer<ApiRequest>> parked_;
};

}  // namespace opsdesk::client
