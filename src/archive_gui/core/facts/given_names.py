"""Given names, folded: what tells a person's name from a company's when the named-entity tagger
cannot ("Chaudronnerie Vernet" and "Hélène Vasseur" are both two capitalised words to it).

Common given names in France over the last century and in the neighbouring countries, written
for this project from general knowledge (no list was copied). A name missing here only makes
a person's name that is tagged as one be checked no further: see ``looks_like_a_person``.
"""

from __future__ import annotations

import re

from archive_gui.core.text import fold

_NAMES = """
aaron abdel abdelkader abdou abdoulaye abel achille adam adel adele adeline adrien adrienne
agathe agnes ahmed aicha aida aime aimee alain alan alban albert alberto albin alden alejandro
alessandro alex alexandra alexandre alexandrine alexia alexis alfred alfredo ali alice alicia
aline alix allan alma amandine amaury ambre amelie amir amine amelia anais anastasia andre andrea
andreas andree andres andy ange angela angele angelina angelique angelo anita ann anna annabelle
anne anne-claire anne-laure anne-marie anne-sophie annette annick annie anouk anthony antoine
antoinette antonin antonio apolline arianne ariane arielle armand armelle arnaud arno arthur
astrid audrey augustin aurelie aurelien aurore axel axelle aymeric aziz baptiste barbara barthelemy
basile bastien beatrice benedicte benjamin benoit benoite berangere bernadette bernard berthe
bertrand blanche bluette boris brice brigitte bruno camille candice capucine carine carl carla
carlos carmen carole caroline cassandre catherine cecile cedric celestin celine chantal charlene
charles charline charlotte chloe christel christelle christian christiane christine christophe
claire clara clarisse claude claudette claudia claudine clement clemence clementine cloe clotilde
colette colin coline colombe constance corentin corinne cyprien cyril cyrille damien daniel
daniele danielle dany david deborah delphine denis denise diane didier dimitri dominique
dorothee edgar edith edmond edouard eduardo elena eleonore eliane elias elie eliott elisa
elisabeth elise ella elodie eloi eloise elsa emeline emile emilie emilien emma emmanuel
emmanuelle enzo eric erik ernest estelle esther ethan etienne eugene eugenie eva eve evelyne
fabien fabienne fabrice fanny farid fatima fatoumata felix ferdinand fernand fernande fernando
flavie flora florence florent florian francine francis francisco franck francois francoise
frank franz frederic frederique gabriel gabrielle gael gaelle gaetan gaspard gaston gautier
genevieve geoffrey georges georgette gerald geraldine gerard germain germaine ghislain
ghislaine gilbert gilles gina ginette giovanni gisele giulia giuseppe gregoire gregory
guillaume gustave guy guylaine gwenael gwenaelle hakim hamid hans hassan helene henri
henriette herve hichem hubert hugo hugues ibrahim ida ines ingrid irene iris isaac isabelle
ismael jack jacqueline jacques james jan jane janine jean jean-baptiste jean-charles
jean-christophe jean-claude jean-francois jean-jacques jean-louis jean-luc jean-marc
jean-marie jean-michel jean-noel jean-paul jean-philippe jean-pierre jean-yves jeanne jeannine
jennifer jeremie jeremy jerome jessica joachim joan joel joelle johan johann john jonathan
jordan jose josee joseph josephine josette josiane josue juan jules julia julie julien
juliette justine karen karim karima karine katia kevin khaled laetitia lara laura laure
laurence laurent lea leila lena leo leon leonard leonie lina lionel lisa lise loic lola
lorenzo louis louise luc luca lucas lucie lucien lucienne lucile ludivine ludovic luis
luisa lydie madeleine maelle magali maggie malik manon manuel manuela marc marcel marcelle
marco margaux margot marguerite maria marianne marie marie-anne marie-christine
marie-claire marie-claude marie-france marie-helene marie-laure marie-louise marie-noelle
marie-pierre marie-therese marielle marina marine mario marion marius marjorie marlene marthe
martin martine mathias mathieu mathilde matteo matthias matthieu maud maurice max maxence
maxime maximilien mehdi melanie melissa michael michel michele micheline michelle mickael
mila milan mireille mohamed monique morgan morgane muriel mustapha mylene nabil nadia
nadine naima nathalie nathan nicolas nicole nina ninon noah noel noelle noemie nora oceane
octave odette odile olga olivia olivier omar oscar pablo paola pascal pascale patrice
patricia patrick paul paula paule pauline pedro peggy perrine peter philippe pierre
pierre-alain pierre-andre pierre-yves pierrette quentin rachel rachid rafael raphael
raphaelle raymond raymonde regine regis remi remy renaud rene renee richard robert roberto
robin rodolphe rodrigue roger roland romain romane romeo rosa rose rosine roxane ruben
sabine sabrina sacha salome sami samia samir samuel sandra sandrine sarah sebastien
serge sergio severine simon simone solange solene sonia sophie stanislas stefan stephane
stephanie steve suzanne sylvain sylvie tania tanguy teresa thais theo theodore therese
thibault thibaut thierry thomas timothee tom tristan ulrich ursula valentin valentine
valere valerie vanessa veronique victor victoria victorine vincent violaine violette
virginie vivien viviane wilfried william xavier yann yannick yasmine yves yvette yvonne
zoe
heinz helmut jurgen klaus wolfgang dieter uwe karl friedrich lukas sven jens kurt
gianni massimo paolo stefano luigi alessio francesca chiara silvia elena federica
javier miguel carmen lucia pilar sergio ana jorge diego
willem pieter jeroen sanne femke bram joost
lars erik nils ingrid astrid bjorn
erwan ewen gwen gwendal goulven brieuc ronan mael maelys soizic katell nolwenn youenn yvon
fred freddy holger urs maarten bas daan ruud kees niels sander tim tobias sebastian stefanie
katrin anke ute bernd rolf ralf horst gunter werner manfred rainer norbert heike petra
christoph markus oliver thorsten dirk george mark steven stephen andrew elizabeth emily harry
susan mary linda helen kate lucy ben sam matt chris nick rob mike joe jim bill bob davide simone
federico riccardo giorgio carlo enrico roberta valentina alessandra youssef mohammed mamadou
moussa ousmane amadou aminata fatou sofiane yacine bilal nadir rachida malika nassim walid
driss hicham said kader mourad slimane djamel kamel jamel zinedine loris kylian nolan timeo jade
lou mia alba wei lei ming hui yan jun hiroshi yuki kenji takeshi akira
"""

GIVEN_NAMES = frozenset(fold(name) for name in _NAMES.split())
# What may stand before a person's name: "M. Dupont", "Mme Martin", "Dr Petit".
TITLES = frozenset(("m", "m.", "mme", "mlle", "me", "dr", "pr", "monsieur", "madame", "maitre"))


def looks_like_a_person(name: str) -> bool:
    """Whether a name tagged as a person's starts as one does: with a given name (each part of a
    compound one, "Jean-Michel") or a title. "Maison Castagnède" and "Brenner Medizintechnik"
    do not; they are companies the tagger took for people."""
    first = re.split(r"\s+", name.strip(), maxsplit=1)[0]
    word = fold(first).rstrip(".")
    if word in TITLES or f"{word}." in TITLES:
        return True
    return word in GIVEN_NAMES or all(part in GIVEN_NAMES for part in word.split("-") if part)
