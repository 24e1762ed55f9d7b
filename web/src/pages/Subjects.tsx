export default function Subjects() {
  return <h1>Subjects</h1>;
}
