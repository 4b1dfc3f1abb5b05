"""What participants are told about the follow-up research before they are asked for consent.

A kit may give its own texts (`research:` in kit.yaml); otherwise these defaults are shown. They are
written for a data-protection officer to recognise: the purpose, who is responsible, who sees the data,
the lawful basis, how long it is kept, the person's rights and how to withdraw, and whom to ask.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Where a language has no text of its own (Norwegian bokmål reads nynorsk more easily than English).
FALLBACKS = {"nb": ("nn", "da", "en"), "sv": ("da", "en"), "nn": ("nb", "da", "en")}

SHORT = {
    "da": (
        "Møderne følges af et forskningsprojekt. Må dine svar indgå i forskningen under dit pseudonym? "
        "Forskerne får aldrig dit navn. Du deltager i mødet på samme måde, uanset hvad du svarer, "
        "og du kan altid ændre dit valg under »Mine data«."
    ),
    "en": (
        "These meetings are followed by a research project. May your answers be used in the research under "
        "your pseudonym? The researchers never get your name. You take part in the meeting in the same way "
        "whatever you answer, and you can change your choice at any time under 'My data'."
    ),
    "sv": (
        "Mötena följs av ett forskningsprojekt. Får dina svar ingå i forskningen under din pseudonym? "
        "Forskarna får aldrig ditt namn. Du deltar i mötet på samma sätt oavsett vad du svarar, "
        "och du kan när som helst ändra ditt val under ”Mina uppgifter”."
    ),
    "nn": (
        "Møta blir følgde av eit forskingsprosjekt. Kan svara dine vere med i forskinga under pseudonymet ditt? "
        "Forskarane får aldri namnet ditt. Du er med i møtet på same måten same kva du svarar, "
        "og du kan når som helst endre valet ditt under «Mine data»."
    ),
}

FULL = {
    "da": [
        (
            "Formål",
            "Følgeforskningen undersøger, hvordan forløbet virker: hvordan rådgivere og virksomheder ser "
            "samarbejdet, og hvordan det ændrer sig fra møde til møde.",
        ),
        (
            "Hvem er ansvarlig",
            "Den organisation, der driver forløbet, er dataansvarlig for møderne. Forskningsinstitutionen er "
            "dataansvarlig for de data, den modtager til forskning.",
        ),
        (
            "Hvem ser data",
            "Arrangørerne ser svarene under pseudonym. Forskerne får kun svar fra dem, der har sagt ja, og aldrig "
            "navne. Resultater offentliggøres kun samlet, så ingen kan genkendes.",
        ),
        (
            "Retsgrundlag",
            "Forskningen bygger på dit samtykke (databeskyttelsesforordningens art. 6, stk. 1, litra a). "
            "Der indsamles ikke helbredsoplysninger.",
        ),
        (
            "Hvor længe",
            "Data i Brobygger slettes, når forløbet er afsluttet, og forskerne har hentet deres data. Forskerne "
            "opbevarer deres kopi så længe, projektet og reglerne for god forskningspraksis kræver.",
        ),
        (
            "Dine rettigheder",
            "Du har ret til indsigt, berigtigelse, sletning og begrænsning og til at klage til Datatilsynet.",
        ),
        (
            "Sådan trækker du dit samtykke tilbage",
            "Vælg »Mine data« på telefonen og tryk »Træk samtykke tilbage«. Dine svar kommer så ikke med i de "
            "næste udtræk til forskningen. Data, som forskerne allerede har analyseret, kan ikke altid fjernes.",
        ),
        ("Kontakt", "Spørg arrangøren af forløbet; kontaktoplysningerne står i invitationen."),
    ],
    "en": [
        (
            "Purpose",
            "The follow-up research studies how the programme works: how advisors and companies see their "
            "collaboration, and how that changes from meeting to meeting.",
        ),
        (
            "Who is responsible",
            "The organisation running the programme is the controller for the meetings. The research institution "
            "is the controller for the data it receives for research.",
        ),
        (
            "Who sees the data",
            "The organisers see answers under pseudonyms. The researchers get only the answers of people who said "
            "yes, and never names. Results are published only in aggregate, so no one can be recognised.",
        ),
        (
            "Lawful basis",
            "The research relies on your consent (GDPR Article 6(1)(a)). No health data is collected.",
        ),
        (
            "How long",
            "The data in Brobygger is deleted once the programme is over and the researchers have taken their data. "
            "The researchers keep their copy as long as the project and the rules of good research practice require.",
        ),
        (
            "Your rights",
            "You have the right of access, rectification, erasure and restriction, and the right to complain to the "
            "data protection authority.",
        ),
        (
            "How to withdraw",
            "Open 'My data' on your phone and tap 'Withdraw consent'. Your answers are then left out of the next "
            "exports for the research. Data the researchers have already analysed cannot always be removed.",
        ),
        ("Contact", "Ask the programme's organiser; their contact details are in your invitation."),
    ],
    "sv": [
        (
            "Syfte",
            "Följeforskningen undersöker hur programmet fungerar: hur rådgivare och företag ser på samarbetet och "
            "hur det förändras från möte till möte.",
        ),
        (
            "Vem är ansvarig",
            "Organisationen som driver programmet är personuppgiftsansvarig för mötena. Forskningshuvudmannen är "
            "ansvarig för de uppgifter den tar emot för forskning.",
        ),
        (
            "Vem ser uppgifterna",
            "Arrangörerna ser svaren under pseudonym. Forskarna får bara svar från dem som sagt ja, och aldrig namn. "
            "Resultat redovisas bara sammanställda, så att ingen kan kännas igen.",
        ),
        (
            "Rättslig grund",
            "Forskningen bygger på ditt samtycke (dataskyddsförordningen artikel 6.1 a). Inga hälsouppgifter samlas in.",
        ),
        (
            "Hur länge",
            "Uppgifterna i Brobygger raderas när programmet är avslutat och forskarna har hämtat sina data. Forskarna "
            "sparar sin kopia så länge projektet och reglerna för god forskningssed kräver.",
        ),
        (
            "Dina rättigheter",
            "Du har rätt till information, rättelse, radering och begränsning, och rätt att klaga hos "
            "Integritetsskyddsmyndigheten.",
        ),
        (
            "Så återkallar du ditt samtycke",
            "Öppna ”Mina uppgifter” i mobilen och tryck ”Återkalla samtycke”. Dina svar tas då inte med i nästa "
            "uttag till forskningen. Uppgifter som redan har analyserats kan inte alltid tas bort.",
        ),
        ("Kontakt", "Fråga programmets arrangör; kontaktuppgifterna finns i inbjudan."),
    ],
    "nn": [
        (
            "Føremål",
            "Følgjeforskinga undersøkjer korleis programmet verkar: korleis rådgivarar og verksemder ser på "
            "samarbeidet, og korleis det endrar seg frå møte til møte.",
        ),
        (
            "Kven er ansvarleg",
            "Organisasjonen som driv programmet, er behandlingsansvarleg for møta. Forskingsinstitusjonen er "
            "ansvarleg for dei data han får til forsking.",
        ),
        (
            "Kven ser data",
            "Arrangørane ser svara under pseudonym. Forskarane får berre svar frå dei som har sagt ja, og aldri namn. "
            "Resultat blir berre publiserte samla, slik at ingen kan kjennast att.",
        ),
        (
            "Rettsleg grunnlag",
            "Forskinga byggjer på samtykket ditt (personvernforordninga artikkel 6 nr. 1 bokstav a). "
            "Det blir ikkje samla inn helseopplysningar.",
        ),
        (
            "Kor lenge",
            "Data i Brobygger blir sletta når programmet er ferdig og forskarane har henta data sine. Forskarane "
            "lagrar kopien sin så lenge prosjektet og reglane for god forskingspraksis krev.",
        ),
        (
            "Rettane dine",
            "Du har rett til innsyn, retting, sletting og avgrensing, og rett til å klage til Datatilsynet.",
        ),
        (
            "Slik trekkjer du samtykket",
            "Opna «Mine data» på telefonen og trykk «Trekk samtykket». Svara dine kjem då ikkje med i dei neste "
            "uttrekka til forskinga. Data som forskarane alt har analysert, kan ikkje alltid fjernast.",
        ),
        ("Kontakt", "Spør arrangøren av programmet; kontaktopplysningane står i invitasjonen."),
    ],
}


@dataclass(frozen=True)
class ResearchText:
    """The short form shown with the question, and the full text one tap away (headed sections)."""

    short: str
    full: list[tuple[str, str]]


def _pick(texts: dict, lang: str, fallback: str) -> tuple[str, object]:
    for candidate in (lang, *FALLBACKS.get(lang, ()), fallback, "en", "da"):
        if candidate in texts:
            return candidate, texts[candidate]
    first = next(iter(texts))
    return first, texts[first]


def research_text(lang: str, fallback: str = "da", kit_short: dict | None = None, kit_full: dict | None = None) -> ResearchText:
    """The text in `lang` (else the nearest language given): the kit's own if it has one, else the defaults.

    A kit's full text is one block; it is shown as one section without a heading of its own.
    """
    if kit_short:
        _, short = _pick(kit_short, lang, fallback)
    else:
        _, short = _pick(SHORT, lang, fallback)
    if kit_full:
        _, full_text = _pick(kit_full, lang, fallback)
        full = [("", str(full_text))]
    else:
        _, sections = _pick(FULL, lang, fallback)
        full = list(sections)  # type: ignore[call-overload]
    return ResearchText(str(short), full)
