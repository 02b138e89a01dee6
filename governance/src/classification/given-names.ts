// A compact list of common given names in the languages the demo company sells in
// (English, German, French, Spanish, Italian, Dutch, Polish): enough to tell a column of
// people's names from one of product or company names, not a register of names.
const NAMES = `
aaron abigail adam adrian agata agnieszka aidan aiden alan albert alberto aleksander aleksandra alessandra alessandro
alessia alex alexander alexandra alexis alfredo alice alicia alina alison amanda amber amelia amy ana andrea andreas
andrew andrzej angela angelo anita ann anna anne annette anthony antoine antoni antonia antonio arianna arnaud arthur
ashley audrey aurelie austin ava barbara bart bartosz bas beatrice beatriz ben benjamin bernard bernd beth betty
bianca bob bogdan bram brandon brenda brian brittany bruno bryan caitlin camille carl carla carlo carlos carmen carol
carolina caroline catherine cecile celine charles charlie charlotte chiara chloe chris christian christina christine
christoph christopher claire clara claudia colin connor cristina cynthia dagmar daisy dale damian dan daniel daniela
daniele danielle daan david dawid dawn dean debbie deborah denis denise dennis diana diane diego dirk dominik donald
donna dorota dorothy douglas dylan edward elena eleonora elias elisa elisabeth elizabeth ella ellen elliot emilia
emily emma emmanuel enrique enzo eric erik erika ernst esther ethan eva evelyn ewa fabian fabio fatima federica
federico felix fernando filip finn florian francesca francesco francisco frank franz freddie frederik gabriel gabriela
gabriele gary gemma george georgia gerald gerard gerhard gert gianluca giorgia giorgio giovanni giulia giulio giuseppe
gloria grace graham greg gregory grzegorz guido guillaume gunther hannah hans harold harper harry heather heike helen
helena henk henry hugo ian ilse ines ingrid irene isaac isabel isabella isabelle ivan jack jacob jacqueline jakub
james jamie jan jana jane janet janina jasmine jason javier jean jeff jeffrey jennifer jeremy jerome jerzy jesse
jessica jesus joan joanna joe johan johann johanna john jonas jonathan jordan jorge jose josef joseph josephine joshua
joyce juan judith julia julian julie julien justin jurgen kacper kamil karen karin karl karol kasia katarzyna kate
katherine kathleen kathryn katie katrin kayla keith kelly kenneth kevin kim kimberly klaus krzysztof kyle laura lauren
laurent lea lena leo leon leonardo lily linda lisa liam lorenzo louis louise lucas lucia luca lucy luis luisa lukas
lukasz luke lydia madison magdalena maja manuel manuela marc marcel marco marcin margaret maria marian marie marina
mario marion mark marta martha martin martina mary mateusz mathilde matteo matthew matthias max maxime megan melanie
melissa mia michael michal michel michelle miguel mike milan monika monique nadia natalia natasha nathalie nathan
nicholas nicola nicolas nicole niels nina noah noemi nora norbert oliver olivia olga oscar pablo pamela paola
patricia patrick paul paula paulina pawel pedro peter petra philip philippe piero pierre piet pieter piotr rachel
rafael rafal raffaele ralf ramon raymond rebecca renate rene ricardo riccardo richard rita robert roberta roberto
robin roger roland roman ronald rosa rose ruben ruth ryan sabine sabrina sam samantha samuel sandra sara sarah
sean sebastian sergio sharon shirley silvia simon simone sofia sophia sophie stefan stefania stefano stephanie
stephen steven susan susanne sven sylvia szymon tamara teresa thomas tim timothy tobias tom tomas tomasz tony tyler
ursula valentina valeria vanessa vera veronica victor victoria vincent virginia walter wendy werner william willem
wojciech wolfgang xavier yannick yvonne zachary zofia zuzanna
alana alberta alejandro alfie alfred alvaro amelie angelika anke annika antje arjen astrid barbara benedikt bernadette
birgit bjorn brigitte bruce caleb carsten catalina cecilia cedric chantal christophe clarissa claude clement cole conor
constance cornelia craig dario delphine dieter dolores dominique edith elise elsa emil emile erin estelle esteban
etienne eugene fanny femke fleur flora florence francois frida gaston genevieve geraldine gilles gina giacomo gonzalo
greta guadalupe gustavo harvey hector heidi heinz helga herbert hilde iris isabela jacek jacques jaime jaroslaw
jasper jens jeroen joanne jolanta josefina joost jordi jules kai kamila karina karla katharina kees klara lars leah
leonie lidia lorena lotte lucie lukas luz maarten malgorzata manon marcus margot marianne marisol mark marlene mateo
mathieu maurice maximilian mercedes milena miriam nadine nico nienke noel noelia norma oskar patrice paulo penelope
pilar quentin ramona raquel rebeca regina ricarda roberta rocio rolf ronja rosalie rudolf ryszard sandro sanne
santiago sara sergei sienna silke sjoerd soren stanislaw stella susana sylvie teodor thea theo therese thijs tiago
tomasz ulrike uwe valerie vera vilma viola vivian wiebke wieslaw yolanda yvette zbigniew zoe
`
export const GIVEN_NAMES: ReadonlySet<string> = new Set(NAMES.split(/\s+/).filter(Boolean))
