export default function SubjectPage() {
  return <h1>SubjectPage</h1>;
}
