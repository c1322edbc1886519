"""`pii_request`: asking for sensitive data in public, and warnings or DM requests that look alike."""

from __future__ import annotations

import pytest

from guardrails import CheckContext, check

CASES = [
    # (language, reply, public, flagged)
    ("en", "Please reply with your card number and CVV so we can check.", True, True),
    ("en", "Could you post your full address here?", True, True),
    ("en", "Please never share card numbers or passwords, not even here.", True, False),
    ("en", "Please send us a DM with your address and we'll take it from there.", True, False),
    ("en", "Thanks! Please send us your address so we can ship the new one.", False, False),
    ("en", "Please send us your password in this chat.", False, True),
    ("en", "What is the store's address? We'll pass your feedback on.", True, False),  # the brand's data
    ("en", "Please give us a call at the phone number listed here.", True, False),
    ("en", "What is your home address?", True, True),
    ("pl", "Jaki jest Twój adres? Podaj go tutaj.", True, True),
    ("pl", "Podaj nam adres sklepu, przekażemy uwagi.", True, False),
    ("de", "Schreib uns die Adresse der Filiale, wir geben es weiter.", True, False),
    ("es", "Dinos la dirección de la tienda y lo comunicamos.", True, False),
    ("fr", "Indiquez-nous l'adresse du magasin, nous transmettrons.", True, False),
    ("pl", "Podaj proszę numer karty i kod CVV.", True, True),
    ("pl", "Nigdy nie podawaj numeru karty ani haseł – nawet tutaj.", True, False),
    ("de", "Bitte nennen Sie uns Ihre vollständige Adresse und Telefonnummer.", True, True),
    ("de", "Bitte teilen Sie niemals Kartennummern oder Passwörter – auch nicht hier.", True, False),
    ("es", "Envíanos tu número de tarjeta y la fecha de caducidad.", True, True),
    ("es", "Por favor, nunca compartas números de tarjeta ni contraseñas.", True, False),
    ("fr", "Merci de nous communiquer votre mot de passe.", True, True),
    ("fr", "Ne communiquez jamais de numéro de carte ni de mot de passe, même ici.", True, False),
    ("zh", "请提供您的银行卡号和密码。", True, True),
    ("zh", "请不要透露银行卡号或密码，在这里也一样。", True, False),
    ("fa", "لطفاً شماره کارت و رمز دوم خود را بفرستید.", True, True),
    ("fa", "لطفاً هرگز شماره کارت یا رمز عبورتان را به اشتراک نگذارید، حتی اینجا.", True, False),
    ("hy", "Խնդրում ենք ուղարկել քարտի համարը և գաղտնաբառը։", True, True),
    ("hy", "Խնդրում ենք երբեք չկիսվել քարտի համարով կամ գաղտնաբառերով, նույնիսկ այստեղ։", True, False),
]


@pytest.mark.parametrize(("language", "reply", "public", "flagged"), CASES)
def test_pii_request(language: str, reply: str, public: bool, flagged: bool) -> None:
    ctx = CheckContext(language=language, public=public)
    found = [f for f in check(reply, ctx).findings if f.rule == "pii_request"]
    assert bool(found) == flagged, [f.message for f in found]
    assert all(f.fix for f in found)  # a DM hand-off sentence replaces the request


# An agent's own reply asking for secrets in public, in every language we serve, next to a safe look-alike.
AGENT_REPLIES = [
    ("en", "Please reply here with your full card number and expiry date.", True),
    ("en", "Send us your password so we can check.", True),
    ("en", "Post your card's CVV below and we'll sort it.", True),
    ("en", "We will never ask for your card number or password.", False),
    ("de", "Antworte hier bitte mit deiner vollständigen Kartennummer und dem Ablaufdatum.", True),
    ("de", "Schick uns dein Passwort, dann prüfen wir das.", True),
    ("de", "Poste die CVV deiner Karte hier unten.", True),
    ("es", "Responde aquí con el número completo de tu tarjeta y la fecha de caducidad.", True),
    ("es", "Publica el CVV de tu tarjeta aquí abajo.", True),
    ("fr", "Répondez ici avec votre numéro de carte complet et la date d'expiration.", True),
    ("fr", "Postez le CVV de votre carte ci-dessous.", True),
    ("pl", "Odpisz tutaj, podając pełny numer karty i datę ważności.", True),
    ("pl", "Wyślij nam swoje hasło, to sprawdzimy.", True),
    ("pl", "Wpisz tu w komentarzu kod CVV swojej karty.", True),
    ("zh", "请直接在这里回复您的完整卡号和有效期。", True),
    ("zh", "把您的密码发给我们，我们帮您查一下。", True),
    ("zh", "请在评论区发一下您银行卡的CVV。", True),
    ("fa", "لطفاً همین‌جا شماره کامل کارت و تاریخ انقضا را بنویسید.", True),
    ("fa", "رمز عبورتان را برای ما بفرستید تا بررسی کنیم.", True),
    ("hy", "Խնդրում ենք այստեղ գրել քարտի ամբողջական համարը և վավերականության ժամկետը։", True),
    ("hy", "Ուղարկեք մեզ Ձեր գաղտնաբառը, որ ստուգենք։", True),
]


@pytest.mark.parametrize(("language", "reply", "flagged"), AGENT_REPLIES)
def test_an_agents_reply_asking_for_secrets_in_public_blocks(language: str, reply: str, flagged: bool) -> None:
    found = [f for f in check(reply, CheckContext(language=language)).findings if f.rule == "pii_request"]
    assert bool(found) == flagged, [f.message for f in found]
    assert all(f.severity == "block" for f in found)
