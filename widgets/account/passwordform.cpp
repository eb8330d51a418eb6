#include "widgets/account/passwordform.h"

#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "services-client/account/accountapi.h"
#include "widgets/common/fieldtext.h"
#include "widgets/common/messageline.h"
#include "widgets/common/theme.h"

namespace opsdesk::widgets {

namespace {

QWidget* withError(QWidget* field, QLabel* error, QWidget* parent) {
    auto* box = new QWidget(parent);
    auto* l = new QVBoxLayout(box);
    l->setContentsMargins(0, 0, 0, 0);
    l->setSpacing(2);
    l->addWidget(field);
    l->addWidget(error);
    return box;
}

}  // namespace

PasswordForm::PasswordForm(client::AccountApi* api, QWidget* parent)
    : QWidget(parent),
      api_(api),
      currentLabel_(new QLabel(this)),
      current_(new QLineEdit(this)),
      currentError_(FieldText::makeErrorLabel(QStringLiteral("current_password"), this)),
      newLabel_(new QLabel(this)),
      new_(new QLineEdit(this)),
      newError_(FieldText::makeErrorLabel(QStringLiteral("new_password"), this)),
      repeatLabel_(new QLabel(this)),
      repeat_(new QLineEdit(this)),
      repeatError_(FieldText::makeErrorLabel(QStringLiteral("repeat_password"), this)),
      hint_(new QLabel(this)),
      message_(new MessageLine(QStringLiteral("passwordMessage"), this)),
      submit_(new QPushButton(this)) {
    setObjectName(QStringLiteral("passwordForm"));
    current_->setObjectName(QStringLiteral("currentPasswordEdit"));
    new_->setObjectName(QStringLiteral("newPasswordEdit"));
    repeat_->setObjectName(QStringLiteral("repeatPasswordEdit"));
    submit_->setObjectName(QStringLiteral("changePasswordButton"));
    for (QLineEdit* e : {current_, new_, repeat_}) {
        e->setEchoMode(QLineEdit::Password);
        e->setMinimumWidth(260);
    }
    hint_->setWordWrap(true);
    Theme::setTextColor(hint_, Theme::Role::Muted);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(currentLabel_, withError(current_, currentError_, this));
    form->addRow(newLabel_, withError(new_, newError_, this));
    form->addRow(repeatLabel_, withError(repeat_, repeatError_, this));
    currentLabel_->setBuddy(current_);
    newLabel_->setBuddy(new_);
    repeatLabel_->setBuddy(repeat_);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(submit_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addWidget(hint_);
    layout->addWidget(message_);
    layout->addLayout(buttons);

    connect(submit_, &QPushButton::clicked, this, &PasswordForm::submit);
    for (QLineEdit* e : {current_, new_, repeat_}) {
        connect(e, &QLineEdit::returnPressed, this, &PasswordForm::submit);
    }
    retranslateUi();
}

PasswordForm::~PasswordForm() {
    if (pending_) {
        pending_->disconnect(this);
    }
}

QString PasswordForm::message() const {
    return message_->isVisible() ? message_->text() : QString();
}

void PasswordForm::submit() {
    if (pending_) {
        return;
    }
    for (QLabel* l : {currentError_, newError_, repeatError_}) {
        FieldText::clear(l);
    }
    message_->clear();
    if (current_->text().isEmpty()) {
        FieldText::show(currentError_, {{QStringLiteral("current_password"), {}}},
                        QStringLiteral("current_password"));
        current_->setFocus();
        return;
    }
    if (new_->text() != repeat_->text()) {
        repeatError_->setText(tr("The two new passwords differ."));
        repeatError_->show();
        repeat_->setFocus();
        repeat_->selectAll();
        return;
    }
    auto* request = api_->changePassword(current_->text(), new_->text());
    pending_ = request;
    submit_->setEnabled(false);
    connect(request, &client::ApiRequest::finished, this, [this] { submit_->setEnabled(true); });
    connect(request, &client::ApiRequest::failed, this, [this](const client::ApiError& error) {
        FieldText::show(currentError_, error.fields, QStringLiteral("current_password"));
        FieldText::show(newError_, error.fields, QStringLiteral("new_password"));
        if (error.fields.isEmpty()) {
            message_->showError(error);
        }
        QLineEdit* focus =
            error.fields.contains(QStringLiteral("current_password")) ? current_ : new_;
        focus->setFocus();
        focus->selectAll();
    });
    connect(request, &client::ApiRequest::succeeded, this, [this] {
        for (QLineEdit* e : {current_, new_, repeat_}) {
            e->clear();
        }
        emit passwordChanged();
    });
}

void PasswordForm::retranslateUi() {
    currentLabel_->setText(tr("C&urrent password:"));
    newLabel_->setText(tr("&New password:"));
    repeatLabel_->setText(tr("&Repeat new password:"));
    hint_->setText(
        tr("At least 10 characters, and not one of the commonly used passwords. Your "
           "other sessions end when the password changes."));
    submit_->setText(tr("&Change password"));
}

void PasswordForm::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
    }
    QWidget::changeEvent(event);
}

}  // namespace opsdesk::widgets
