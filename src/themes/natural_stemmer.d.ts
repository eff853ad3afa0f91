/** Types of a `natural` stemmer module (the package ships none for these subpaths). */
declare const stemmer: { stem(token: string): string };
export default stemmer;
