#include "widgets/account/totppanel.h"

#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QStackedWidget>
#include <QVBoxLayout>

#include "services-client/account/accountapi.h"
#include "widgets/account/qrcode.h"
#include "widgets/common/fieldtext.h"
#include "widgets/common/messageline.h"
#include "widgets/common/theme.h"

namespace opsdesk::widgets {

namespace {

QLineEdit* makeCodeField(const QString& name, QWidget* parent) {
    auto* edit = new QLineEdit(parent);
    edit->setObjectName(name);
    edit->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\d{0,8}")), edit));
    edit->setInputMethodHints(Qt::ImhDigitsOnly);
    edit->setMaximumWidth(140);
    QFont font = edit->font();
    font.setPointSizeF(font.pointSizeF() * 1.2);
    font.setLetterSpacing(QFont::PercentageSpacing, 115);
    edit->setFont(font);
    return edit;
}

QLabel* makeText(QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    return label;
}

}  // namespace

TotpPanel::TotpPanel(client::AccountApi* api, bool enabled, QWidget* parent)
    : QWidget(parent),
      api_(api),
      enabled_(enabled),
      pages_(new QStackedWidget(this)),
      offPage_(new QWidget(pages_)),
      offText_(makeText(offPage_)),
      setUpButton_(new QPushButton(offPage_)),
      enrolPage_(new QWidget(pages_)),
      stepScan_(makeText(enrolPage_)),
      qr_(new QLabel(enrolPage_)),
      stepManual_(makeText(enrolPage_)),
      secretLabel_(new QLabel(enrolPage_)),
      stepConfirm_(makeText(enrolPage_)),
      confirmCode_(makeCodeField(QStringLiteral("confirmCodeEdit"), enrolPage_)),
      confirmButton_(new QPushButton(enrolPage_)),
      onPage_(new QWidget(pages_)),
      onText_(makeText(onPage_)),
      disableCode_(makeCodeField(QStringLiteral("disableCodeEdit"), onPage_)),
      disableButton_(new QPushButton(onPage_)),
      message_(new MessageLine(QStringLiteral("totpMessage"), this)) {
    setObjectName(QStringLiteral("totpPanel"));
    setUpButton_->setObjectName(QStringLiteral("setUpTotpButton"));
    qr_->setObjectName(QStringLiteral("totpQrCode"));
    secretLabel_->setObjectName(QStringLiteral("totpSecret"));
    confirmButton_->setObjectName(QStringLiteral("confirmTotpButton"));
    disableButton_->setObjectName(QStringLiteral("disableOwnTotpButton"));

    secretLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    mono.setPointSizeF(secretLabel_->font().pointSizeF() * 1.15);
    secretLabel_->setFont(mono);
    Theme::setBox(secretLabel_, {.background = Theme::Role::NoteBackground,
                                 .text = Theme::Role::Note,
                                 .border = Theme::Role::NoteBorder,
                                 .shape = QStringLiteral("border-radius: 4px; padding: 6px 8px;")});
    qr_->setFixedSize(220, 220);
    qr_->setAlignment(Qt::AlignCenter);
    Theme::setBox(
        qr_,
        {.background = Theme::Role::CodeBackground, .border = Theme::Role::Border, .shape = {}});

    auto* offLayout = new QVBoxLayout(offPage_);
    offLayout->addWidget(offText_);
    auto* offButtons = new QHBoxLayout;
    offButtons->addWidget(setUpButton_);
    offButtons->addStretch(1);
    offLayout->addLayout(offButtons);
    offLayout->addStretch(1);

    auto* enrolLayout = new QGridLayout(enrolPage_);
    enrolLayout->setHorizontalSpacing(18);
    enrolLayout->addWidget(qr_, 0, 0, 4, 1, Qt::AlignTop);
    enrolLayout->addWidget(stepScan_, 0, 1);
    enrolLayout->addWidget(stepManual_, 1, 1);
    enrolLayout->addWidget(secretLabel_, 2, 1, Qt::AlignLeft | Qt::AlignTop);
    auto* confirmBox = new QWidget(enrolPage_);
    auto* confirmLayout = new QVBoxLayout(confirmBox);
    confirmLayout->setContentsMargins(0, 8, 0, 0);
    confirmLayout->addWidget(stepConfirm_);
    auto* confirmRow = new QHBoxLayout;
    confirmRow->addWidget(confirmCode_);
    confirmRow->addWidget(confirmButton_);
    confirmRow->addStretch(1);
    confirmLayout->addLayout(confirmRow);
    confirmLayout->addStretch(1);
    enrolLayout->addWidget(confirmBox, 3, 1);
    enrolLayout->setColumnStretch(1, 1);

    auto* onLayout = new QVBoxLayout(onPage_);
    onLayout->addWidget(onText_);
    auto* disableRow = new QHBoxLayout;
    disableRow->addWidget(disableCode_);
    disableRow->addWidget(disableButton_);
    disableRow->addStretch(1);
    onLayout->addLayout(disableRow);
    onLayout->addStretch(1);

    pages_->addWidget(offPage_);
    pages_->addWidget(enrolPage_);
    pages_->addWidget(onPage_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(pages_, 1);
    layout->addWidget(message_);

    connect(setUpButton_, &QPushButton::clicked, this, &TotpPanel::startEnrolment);
    connect(confirmButton_, &QPushButton::clicked, this, &TotpPanel::confirm);
    connect(confirmCode_, &QLineEdit::returnPressed, this, &TotpPanel::confirm);
    connect(disableButton_, &QPushButton::clicked, this, &TotpPanel::disable);
    connect(disableCode_, &QLineEdit::returnPressed, this, &TotpPanel::disable);
    retranslateUi();
    showPage();
}

QString TotpPanel::secretText() const {
    return secretLabel_->text();
}

QString TotpPanel::message() const {
    return message_->isVisible() ? message_->text() : QString();
}

void TotpPanel::showPage() {
    pages_->setCurrentWidget(enabled_ ? onPage_ : enrolling_ ? enrolPage_ : offPage_);
}

void TotpPanel::showError(const client::ApiError& error, QLineEdit* codeField) {
    if (error.fields.contains(QStringLiteral("otp"))) {
        message_->showError(FieldText::reason(error.fields.value(QStringLiteral("otp"))));
    } else {
        message_->showError(error);
    }
    codeField->setFocus();
    codeField->selectAll();
}

void TotpPanel::startEnrolment() {
    message_->clear();
    setUpButton_->setEnabled(false);
    auto* request = api_->enrollTotp();
    connect(request, &client::ApiRequest::finished, this,
            [this] { setUpButton_->setEnabled(true); });
    connect(request, &client::ApiRequest::failed, this,
            [this](const client::ApiError& error) { message_->showError(error); });
    connect(request, &client::ApiRequest::succeeded, this, [this, request] {
        secret_ = request->secret();
        // Whole pixels per module, so every module stays square and sharp for the camera.
        const QByteArray uri = request->otpauthUri().toUtf8();
        const int modules = renderQrCode(uri, 1).width();
        const int moduleSize = modules > 0 ? std::max(1, (qr_->width() - 8) / modules) : 1;
        qr_->setPixmap(QPixmap::fromImage(renderQrCode(uri, moduleSize)));
        QString grouped;
        for (int i = 0; i < secret_.size(); i += 4) {
            grouped += (i ? QStringLiteral(" ") : QString()) + secret_.mid(i, 4);
        }
        secretLabel_->setText(grouped);
        enrolling_ = true;
        confirmCode_->clear();
        showPage();
        confirmCode_->setFocus();
    });
}

void TotpPanel::confirm() {
    if (confirmCode_->text().size() < 6) {
        message_->showError(tr("Enter the six-digit code your app shows now."));
        confirmCode_->setFocus();
        return;
    }
    confirmButton_->setEnabled(false);
    auto* request = api_->confirmTotp(confirmCode_->text());
    connect(request, &client::ApiRequest::finished, this,
            [this] { confirmButton_->setEnabled(true); });
    connect(request, &client::ApiRequest::failed, this,
            [this](const client::ApiError& error) { showError(error, confirmCode_); });
    connect(request, &client::ApiRequest::succeeded, this, [this] {
        enabled_ = true;
        enrolling_ = false;
        secret_.clear();
        secretLabel_->clear();
        qr_->clear();
        showPage();
        message_->showSuccess(
            tr("Two-step verification is on. From now on you sign in with your password and a "
               "code from the app."));
        emit enabledChanged(true);
    });
}

void TotpPanel::disable() {
    if (disableCode_->text().size() < 6) {
        message_->showError(tr("Enter the six-digit code your app shows now."));
        disableCode_->setFocus();
        return;
    }
    disableButton_->setEnabled(false);
    auto* request = api_->disableTotp(disableCode_->text());
    connect(request, &client::ApiRequest::finished, this,
            [this] { disableButton_->setEnabled(true); });
    connect(request, &client::ApiRequest::failed, this,
            [this](const client::ApiError& error) { showError(error, disableCode_); });
    connect(request, &client::ApiRequest::succeeded, this, [this] {
        enabled_ = false;
        disableCode_->clear();
        showPage();
        message_->showSuccess(
            tr("Two-step verification is off. You sign in with your password alone."));
        emit enabledChanged(false);
    });
}

void TotpPanel::retranslateUi() {
    offText_->setText(
        tr("Two-step verification is off. With it on, signing in needs your "
           "password and a six-digit code from an authenticator app on your phone "
           "(for example Google Authenticator, Microsoft Authenticator or FreeOTP)."));
    setUpButton_->setText(tr("&Set up two-step verification…"));
    stepScan_->setText(tr("1. Open your authenticator app and scan this QR code."));
    stepManual_->setText(
        tr("2. Or, if you cannot scan it, type this key into the app "
           "(time-based, 6 digits):"));
    stepConfirm_->setText(tr("3. Enter the six-digit code the app shows now to finish."));
    confirmCode_->setPlaceholderText(tr("123456"));
    confirmButton_->setText(tr("&Confirm and turn on"));
    onText_->setText(
        tr("Two-step verification is on: signing in needs your password and a code "
           "from your authenticator app. To turn it off, enter a current code."));
    disableCode_->setPlaceholderText(tr("123456"));
    disableButton_->setText(tr("&Turn off"));
}

void TotpPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
    }
    QWidget::changeEvent(event);
}

}  // namespace opsdesk::widgets
