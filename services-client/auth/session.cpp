#include "services-client/auth/session.h"

#include <QNetworkRequest>

#include "services-client/api/apirequest.h"
#include "services-client/logging.h"

namespace opsdesk::client {

Session::Session(QObject* parent) : QObject(parent) {}

Session::~Session() = default;

int Session::parkedCount() const {
    int n = 0;
    for (const auto& r : parked_) {
        if (r && r->state() == ApiRequest::State::Parked) {
            ++n;
        }
    }
    return n;
}

void Session::signIn(const QByteArray& token, const User& user, const QDateTime& expiresAt) {
    const bool sameUser = user_.isValid() && user_.id == user.id;
    authorization_ = QByteArrayLiteral("Bearer ") + token;
    expiresAt_ = expiresAt;
    user_ = user;
    qCInfo(lcSession) << "signed in as" << user.username << "roles" << user.roles;
    if (!sameUser) {
        cancelParked(QStringLiteral("Signed in as someone else"));
    }
    setState(State::Authenticated);
    emit signedIn(user_);

    // What waited for this sign-in goes out again, with the new token.
    const auto waiting = std::exchange(parked_, {});
    for (const auto& request : waiting) {
        if (request) {
            QMetaObject::invokeMethod(request.data(), &ApiRequest::resumeAfterSignIn,
                                      Qt::QueuedConnection);
        }
    }
}

void Session::signOut() {
    if (state_ == State::SignedOut) {
        return;
    }
    qCInfo(lcSession) << "signed out" << user_.username;
    authorization_.clear();
    expiresAt_ = {};
    user_ = {};
    setState(State::SignedOut);
    cancelParked(QStringLiteral("Signed out"));
    emit signedOut();
}

QByteArray Session::authorize(QNetworkRequest& request) const {
    if (!authorization_.isEmpty()) {
        request.setRawHeader("Authorization", authorization_);
    }
    return authorization_;
}

Session::Decision Session::admit(ApiRequest* request) {
    switch (state_) {
        case State::Authenticated:
            return Decision::Send;
        case State::Expired:
            park(request);
            return Decision::Park;
        case State::SignedOut:
            return Decision::Fail;
    }
    return Decision::Fail;
}

Session::Decision Session::onUnauthorized(ApiRequest* request,
                                          const QByteArray& authorizationUsed) {
    switch (state_) {
        case State::SignedOut:
            return Decision::Fail;
        case State::Authenticated:
            if (authorizationUsed != authorization_) {
                // Sent with a token that has been replaced since: try again with the new one.
                return Decision::Send;
            }
            qCInfo(lcSession) << "the server no longer accepts the session of" << user_.username;
            park(request);
            setState(State::Expired);
            emit sessionExpired();
            return Decision::Park;
        case State::Expired:
            park(request);
            return Decision::Park;
    }
    return Decision::Fail;
}

void Session::park(ApiRequest* request) {
    if (!parked_.contains(request)) {
        parked_.append(request);
    }
}

void Session::setState(State state) {
    if (state_ != state) {
        state_ = state;
        emit stateChanged(state_);
    }
}

void Session::cancelParked(const QString& why) {
    const auto waiting = std::exchange(parked_, {});
    for (const auto& request : waiting) {
        if (request && request->state() == ApiRequest::State::Parked) {
            request->finishWith(ApiError::cancelled(why, protocol::ErrorCode::Unauthenticated));
        }
    }
}

}  // namespace opsdesk::client
