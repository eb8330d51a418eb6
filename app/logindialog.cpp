#include "app/logindialog.h"

#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QTimer>
#include <QVBoxLayout>

#include "services-client/api/apiclient.h"
#include "services-client/auth/authapi.h"
#include "services-client/settings/clientsettings.h"
#include "widgets/common/errortext.h"
#include "widgets/common/messageline.h"
#include "widgets/common/theme.h"
#include "widgets/moduleregistry.h"

namespace opsdesk::app {

using client::ApiError;
using protocol::ErrorCode;

LoginDialog::LoginDialog(client::ApiClient* api, client::AuthApi* auth,
                         client::ClientSettings* settings, QWidget* parent)
    : QDialog(parent),
      api_(api),
      auth_(auth),
      settings_(settings),
      logo_(new QLabel(this)),
      heading_(new QLabel(this)),
      subheading_(new QLabel(this)),
      serverLabel_(new QLabel(this)),
      server_(new QLineEdit(this)),
      usernameLabel_(new QLabel(this)),
      username_(new QLineEdit(this)),
      passwordLabel_(new QLabel(this)),
      password_(new QLineEdit(this)),
      otpLabel_(new QLabel(this)),
      otp_(new QLineEdit(this)),
      message_(new widgets::MessageLine(QStringLiteral("loginMessage"), this)),
      progress_(new QProgressBar(this)),
      settingsButton_(new QPushButton(this)),
      cancelButton_(new QPushButton(this)),
      signInButton_(new QPushButton(this)) {
    setObjectName(QStringLiteral("loginDialog"));
    setWindowIcon(widgets::applicationIcon());
    setAutoFillBackground(true);
    widgets::Theme::apply(this, [] {
        using R = widgets::Theme::Role;
        const auto c = [](R role) { return widgets::Theme::color(role).name(); };
        return QStringLiteral(
                   "#loginDialog { background: %1; }"
                   "QPushButton#signInButton { background: %2; color: %3; border: 1px solid %4;"
                   " border-radius: 4px; padding: 6px 18px; font-weight: 600; }"
                   "QPushButton#signInButton:hover { background: %4; }"
                   "QPushButton#signInButton:disabled { background: %5; border-color: %5; }")
            .arg(c(R::Surface), c(R::Brand), c(R::OnBrand), c(R::BrandHover), c(R::BrandDisabled));
    });

    logo_->setPixmap(widgets::applicationIcon().pixmap(QSize(56, 56), devicePixelRatioF()));
    QFont headingFont = heading_->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.7);
    headingFont.setWeight(QFont::DemiBold);
    heading_->setFont(headingFont);
    widgets::Theme::setTextColor(subheading_, widgets::Theme::Role::Muted);
    subheading_->setWordWrap(true);

    server_->setObjectName(QStringLiteral("serverEdit"));
    username_->setObjectName(QStringLiteral("usernameEdit"));
    password_->setObjectName(QStringLiteral("passwordEdit"));
    otp_->setObjectName(QStringLiteral("otpEdit"));
    password_->setEchoMode(QLineEdit::Password);
    otp_->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\d{0,8}")), otp_));
    otp_->setInputMethodHints(Qt::ImhDigitsOnly);
    server_->setClearButtonEnabled(true);
    for (QLineEdit* e : {server_, username_, password_, otp_}) {
        e->setMinimumHeight(30);
        e->setMinimumWidth(300);
    }

    progress_->setObjectName(QStringLiteral("loginProgress"));
    progress_->setRange(0, 0);
    progress_->setTextVisible(false);
    progress_->setFixedHeight(3);
    widgets::Theme::apply(progress_, [] {
        return QStringLiteral(
                   "QProgressBar { border: none; background: %1; border-radius: 1px; }"
                   "QProgressBar::chunk { background: %2; }")
            .arg(widgets::Theme::color(widgets::Theme::Role::Border).name(),
                 widgets::Theme::color(widgets::Theme::Role::Brand).name());
    });
    QSizePolicy keepSpace = progress_->sizePolicy();
    keepSpace.setRetainSizeWhenHidden(true);
    progress_->setSizePolicy(keepSpace);
    progress_->hide();

    settingsButton_->setObjectName(QStringLiteral("settingsButton"));
    cancelButton_->setObjectName(QStringLiteral("cancelButton"));
    signInButton_->setObjectName(QStringLiteral("signInButton"));
    settingsButton_->setAutoDefault(false);
    cancelButton_->setAutoDefault(false);
    signInButton_->setDefault(true);
    signInButton_->setMinimumWidth(110);

    auto* header = new QHBoxLayout;
    header->setSpacing(14);
    header->addWidget(logo_, 0, Qt::AlignTop);
    auto* titles = new QVBoxLayout;
    titles->setSpacing(2);
    titles->addWidget(heading_);
    titles->addWidget(subheading_);
    header->addLayout(titles, 1);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    form->setHorizontalSpacing(12);
    form->setVerticalSpacing(10);
    form->addRow(serverLabel_, server_);
    form->addRow(usernameLabel_, username_);
    form->addRow(passwordLabel_, password_);
    form->addRow(otpLabel_, otp_);
    serverLabel_->setBuddy(server_);
    usernameLabel_->setBuddy(username_);
    passwordLabel_->setBuddy(password_);
    otpLabel_->setBuddy(otp_);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(settingsButton_);
    buttons->addStretch(1);
    buttons->addWidget(cancelButton_);
    buttons->addWidget(signInButton_);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(32, 28, 32, 24);
    layout->setSpacing(14);
    layout->addLayout(header);
    layout->addSpacing(6);
    layout->addLayout(form);
    layout->addWidget(message_);
    layout->addWidget(progress_);
    layout->addLayout(buttons);
    // The dialog grows and shrinks with the message and the verification-code row.
    layout->setSizeConstraint(QLayout::SetFixedSize);

    connect(signInButton_, &QPushButton::clicked, this, &LoginDialog::submit);
    connect(cancelButton_, &QPushButton::clicked, this, &LoginDialog::reject);
    connect(settingsButton_, &QPushButton::clicked, this, &LoginDialog::settingsRequested);

    setOtpVisible(false);
    setServerUrl(api_->baseUrl().isValid() ? api_->baseUrl() : settings_->serverUrl());
    setUsername(settings_->username());
    retranslateUi();
}

LoginDialog::~LoginDialog() {
    if (pending_) {
        pending_->disconnect(this);
        pending_->abort();
    }
}

void LoginDialog::retranslateUi() {
    setWindowTitle(mode_ == Mode::SignIn ? tr("Sign in to OpsDesk") : tr("Session expired"));
    heading_->setText(tr("OpsDesk"));
    subheading_->setText(mode_ == Mode::SignIn
                             ? tr("Sign in with your staff account.")
                             : tr("Your session has ended. Sign in again to continue where you "
                                  "left off."));
    serverLabel_->setText(tr("&Server:"));
    usernameLabel_->setText(tr("&Username:"));
    passwordLabel_->setText(tr("&Password:"));
    otpLabel_->setText(tr("&Verification code:"));
    server_->setPlaceholderText(tr("https://opsdesk.example.com:8443"));
    username_->setPlaceholderText(tr("Your username"));
    otp_->setPlaceholderText(tr("6-digit code from your authenticator app"));
    settingsButton_->setText(tr("Se&ttings…"));
    cancelButton_->setText(busy_                   ? tr("&Cancel")
                           : mode_ == Mode::SignIn ? tr("&Quit")
                                                   : tr("Sign &out"));
    signInButton_->setText(busy_ ? tr("Signing in…") : tr("&Sign in"));
}

void LoginDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
    }
    QDialog::changeEvent(event);
}

void LoginDialog::showEvent(QShowEvent* event) {
    QDialog::showEvent(event);
    if (!busy_) {
        // After the window system has settled focus, so it lands where the user types next.
        QTimer::singleShot(0, this, &LoginDialog::focusFirstEmpty);
    }
}

void LoginDialog::setMode(Mode mode, const QString& username) {
    mode_ = mode;
    const bool reauth = mode == Mode::Reauthenticate;
    if (reauth) {
        setUsername(username);
    }
    server_->setReadOnly(reauth);
    username_->setReadOnly(reauth);
    settingsButton_->setVisible(!reauth);
    password_->clear();
    otp_->clear();
    setOtpVisible(false);
    clearMessage();
    retranslateUi();
}

void LoginDialog::setServerUrl(const QUrl& url) {
    server_->setText(url.isValid() ? url.toString() : QString());
}

void LoginDialog::setUsername(const QString& username) {
    username_->setText(username);
}

QString LoginDialog::message() const {
    return message_->isVisible() ? message_->text() : QString();
}

void LoginDialog::focusFirstEmpty() {
    QLineEdit* target = password_;
    if (server_->text().trimmed().isEmpty()) {
        target = server_;
    } else if (username_->text().trimmed().isEmpty()) {
        target = username_;
    } else if (otp_->isVisible() && !password_->text().isEmpty()) {
        target = otp_;
    }
    target->setFocus(Qt::OtherFocusReason);
    target->selectAll();
}

void LoginDialog::setOtpVisible(bool visible) {
    otpLabel_->setVisible(visible);
    otp_->setVisible(visible);
}

void LoginDialog::setBusy(bool busy) {
    busy_ = busy;
    for (QWidget* w : std::initializer_list<QWidget*>{server_, username_, password_, otp_,
                                                      settingsButton_, signInButton_}) {
        w->setEnabled(!busy);
    }
    progress_->setVisible(busy);
    retranslateUi();
    if (busy) {
        setCursor(Qt::BusyCursor);
    } else {
        unsetCursor();
    }
}

void LoginDialog::clearMessage() {
    message_->clear();
}

void LoginDialog::showMessage(const QString& text, QWidget* focus) {
    message_->showError(text);
    if (focus) {
        focus->setFocus(Qt::OtherFocusReason);
        if (auto* edit = qobject_cast<QLineEdit*>(focus)) {
            edit->selectAll();
        }
    }
}

void LoginDialog::submit() {
    if (busy_) {
        return;
    }
    const QUrl server = client::ApiClient::normalizeServerUrl(server_->text());
    if (!server.isValid()) {
        showMessage(tr("Enter the server address, for example https://opsdesk.example.com:8443."),
                    server_);
        return;
    }
    const QString username = username_->text().trimmed();
    if (username.isEmpty()) {
        showMessage(tr("Enter your username."), username_);
        return;
    }
    if (password_->text().isEmpty()) {
        showMessage(tr("Enter your password."), password_);
        return;
    }
    if (otp_->isVisible() && otp_->text().isEmpty()) {
        showMessage(tr("Enter the six-digit code from your authenticator app."), otp_);
        return;
    }
    clearMessage();
    if (api_->baseUrl() != server) {
        api_->setBaseUrl(server);
    }
    pendingServer_ = server;
    pending_ =
        auth_->login(username, password_->text(), otp_->isVisible() ? otp_->text() : QString());
    connect(pending_, &client::ApiRequest::failed, this, &LoginDialog::onFailed);
    connect(pending_, &client::ApiRequest::succeeded, this, &LoginDialog::onSucceeded);
    setBusy(true);
}

void LoginDialog::onSucceeded() {
    setBusy(false);
    settings_->setServerUrl(pendingServer_);
    settings_->setUsername(username_->text().trimmed());
    settings_->sync();
    password_->clear();
    otp_->clear();
    setOtpVisible(false);
    clearMessage();
    accept();
}

void LoginDialog::onFailed(const ApiError& error) {
    setBusy(false);
    if (error.kind == ApiError::Kind::Cancelled) {
        return;  // the user closed the dialog meanwhile
    }
    const QString text = widgets::ErrorText::describe(error);
    switch (error.kind) {
        case ApiError::Kind::Network:
        case ApiError::Kind::Tls:
            showMessage(text, server_->isReadOnly() ? static_cast<QWidget*>(password_) : server_);
            return;
        case ApiError::Kind::Timeout:
        case ApiError::Kind::InvalidResponse:
        case ApiError::Kind::Cancelled:
            showMessage(text, signInButton_);
            return;
        case ApiError::Kind::Http:
            break;
    }
    if (error.is(ErrorCode::OtpRequired)) {
        const bool wasVisible = otp_->isVisible();
        setOtpVisible(true);
        otp_->clear();
        showMessage(wasVisible ? tr("The verification code is not correct.") : text, otp_);
        return;
    }
    if (error.is(ErrorCode::ValidationFailed) && !error.fields.isEmpty()) {
        QWidget* focus = error.fields.contains(QStringLiteral("username")) ? username_ : password_;
        QStringList reasons;
        for (auto it = error.fields.cbegin(); it != error.fields.cend(); ++it) {
            reasons.append(it.value().isEmpty() ? it.key() : it.value());
        }
        showMessage(text + QLatin1Char('\n') + reasons.join(QLatin1Char('\n')), focus);
        return;
    }
    if (error.is(ErrorCode::InvalidCredentials)) {
        password_->clear();
    }
    showMessage(text, password_);
}

void LoginDialog::reject() {
    if (pending_ && busy_) {
        // Escape or Cancel while signing in stops the attempt and keeps the dialog.
        pending_->abort();
        setBusy(false);
        focusFirstEmpty();
        return;
    }
    if (mode_ == Mode::Reauthenticate) {
        emit signOutRequested();
    }
    QDialog::reject();
}

}  // namespace opsdesk::app
